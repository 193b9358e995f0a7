package hub

// Word lists of the CivitAI snapshot generator.

// civTypes are the ModelType enum values the server accepts.
var civTypes = []string{
	"Checkpoint", "TextualInversion", "Hypernetwork", "AestheticGradient", "LORA", "LoCon", "DoRA",
	"Controlnet", "Upscaler", "MotionModule", "VAE", "Poses", "Wildcards", "Workflows", "Detection", "Other",
}

// civTypeWeights is how common each type is in the snapshot.
var civTypeWeights = []weighted[string]{
	{"LORA", 52}, {"Checkpoint", 20}, {"TextualInversion", 6}, {"LoCon", 4}, {"DoRA", 2},
	{"Controlnet", 3}, {"VAE", 2}, {"Upscaler", 2}, {"Workflows", 3}, {"Poses", 1.5},
	{"MotionModule", 1}, {"Wildcards", 1.5}, {"Detection", 1}, {"Other", 1},
}

// civSorts are the ModelSort enum values, the first being the default.
var civSorts = []string{
	"Highest Rated", "Most Downloaded", "Most Liked", "Most Discussed", "Most Collected",
	"Most Images", "Newest", "Oldest",
}

// civPeriods are the MetricTimeframe values, the first being the default.
var civPeriods = []string{"AllTime", "Year", "Month", "Week", "Day"}

// civBase is a base model and the first day it could appear.
type civBase struct {
	name  string
	since string // YYYY-MM-DD
	short string // as creators append it to names
}

var civBases = map[string]civBase{
	"SD 1.5":                 {"SD 1.5", "2022-11-15", "SD1.5"},
	"SD 1.5 Hyper":           {"SD 1.5 Hyper", "2024-04-20", "Hyper"},
	"SDXL 1.0":               {"SDXL 1.0", "2023-07-26", "SDXL"},
	"SDXL Lightning":         {"SDXL Lightning", "2024-02-22", "Lightning"},
	"Pony":                   {"Pony", "2024-01-05", "Pony"},
	"Illustrious":            {"Illustrious", "2024-09-25", "Illustrious"},
	"NoobAI":                 {"NoobAI", "2024-11-05", "NoobAI"},
	"Flux.1 D":               {"Flux.1 D", "2024-08-02", "Flux"},
	"Flux.1 S":               {"Flux.1 S", "2024-08-02", "Schnell"},
	"Flux.1 Kontext":         {"Flux.1 Kontext", "2025-06-27", "Kontext"},
	"SD 3.5":                 {"SD 3.5", "2024-10-23", "SD3.5"},
	"SD 3.5 Large":           {"SD 3.5 Large", "2024-10-23", "SD3.5L"},
	"Hunyuan Video":          {"Hunyuan Video", "2024-12-05", "Hunyuan"},
	"Wan Video 14B t2v":      {"Wan Video 14B t2v", "2025-02-26", "Wan"},
	"Wan Video 2.2 T2V-A14B": {"Wan Video 2.2 T2V-A14B", "2025-07-29", "Wan2.2"},
	"Qwen":                   {"Qwen", "2025-08-05", "Qwen"},
	"Other":                  {"Other", "2022-11-15", ""},
}

// civBaseWeights is how common each base model is, per model type.
var civBaseWeights = map[string][]weighted[string]{
	"LORA": {
		{"SD 1.5", 16}, {"SDXL 1.0", 14}, {"Pony", 16}, {"Illustrious", 20}, {"Flux.1 D", 15},
		{"Flux.1 S", 1.5}, {"SD 3.5", 1.5}, {"SD 3.5 Large", 1}, {"NoobAI", 5}, {"Hunyuan Video", 2},
		{"Wan Video 14B t2v", 3}, {"Wan Video 2.2 T2V-A14B", 2}, {"Flux.1 Kontext", 2}, {"Qwen", 3},
	},
	"Checkpoint": {
		{"SD 1.5", 22}, {"SD 1.5 Hyper", 1}, {"SDXL 1.0", 20}, {"SDXL Lightning", 2}, {"Pony", 15},
		{"Illustrious", 22}, {"NoobAI", 6}, {"Flux.1 D", 8}, {"Flux.1 S", 3}, {"SD 3.5", 2}, {"SD 3.5 Large", 1},
	},
	"TextualInversion": {{"SD 1.5", 60}, {"SDXL 1.0", 20}, {"Pony", 10}, {"Illustrious", 10}},
	"Controlnet":       {{"SD 1.5", 45}, {"SDXL 1.0", 40}, {"Flux.1 D", 15}},
	"VAE":              {{"SD 1.5", 50}, {"SDXL 1.0", 35}, {"Flux.1 D", 15}},
	"MotionModule":     {{"SD 1.5", 80}, {"SDXL 1.0", 20}},
	"other": {
		{"Other", 30}, {"SD 1.5", 20}, {"SDXL 1.0", 15}, {"Pony", 10}, {"Illustrious", 10}, {"Flux.1 D", 15},
	},
}

var civStyles = []string{
	"Watercolor", "Ink Sketch", "Oil Painting", "Pixel Art", "Cyberpunk", "Steampunk", "Vaporwave", "Ukiyo-e",
	"Art Nouveau", "Low Poly", "Claymation", "Paper Cutout", "Neon Noir", "Dark Fantasy", "Retro Anime",
	"90s Anime", "Cel Shading", "Pastel Dream", "Gothic", "Synthwave", "Comic Book", "Manga Lineart", "Chibi",
	"Isometric", "Stained Glass", "Charcoal", "Double Exposure", "Film Grain", "Polaroid", "Cinematic",
	"Storybook", "Hyperreal", "Concept Art", "Matte Painting", "Graffiti", "Origami", "Mosaic", "Baroque",
	"Bioluminescent", "Glitch", "Holographic", "Kintsugi", "Minimalist", "Sumi-e", "Tarot Card",
	"Vintage Poster", "Woodcut", "Blueprint", "Impasto", "Gouache", "Risograph", "Dreamcore",
}

var civSubjects = []string{
	"Detail", "Skin Texture", "Hands", "Eyes", "Lighting", "Background", "Armor", "Kimono", "Mecha", "Dragon",
	"Castle", "Cityscape", "Forest Spirit", "Witch", "Samurai", "Knight", "Elf", "Robot", "Food Photography",
	"Interior Design", "Sports Car", "Motorcycle", "Spaceship", "Underwater", "Sunset", "Portrait", "Fashion",
	"Streetwear", "Jewelry", "Tattoo", "Flowers", "Architecture", "Landscape", "Creature", "Pirate", "Cowboy",
	"Astronaut", "Vampire", "Cat", "Fox", "Owl", "Wolf", "Maid Outfit", "School Uniform", "Cozy Room",
	"Ruins", "Desert", "Snowfield", "Library", "Greenhouse", "Train Station", "Night Market",
}

var civCheckpointHeads = []string{
	"Dream", "Real", "Anime", "Photon", "Epic", "Pixel", "Nova", "Aether", "Lumina", "Mystic", "Zen", "Astral",
	"Velvet", "Crystal", "Iron", "Silk", "Neon", "Hyper", "Ultra", "Prime", "Wild", "Dusk", "Aurora", "Cosmic",
	"Ethereal", "Vivid", "Solar", "Obsidian", "Sakura", "Cinder", "Halcyon", "Verdant", "Nimbus", "Quartz",
}

var civCheckpointTails = []string{
	"Mix", "Vision", "Diffusion", "Realism", "Forge", "Fusion", "Blend", "Merge", "Art", "Toon", "Photo",
	"Dreams", "Engine", "Studio", "Canvas", "Shaper", "Craft", "Core", "Lens", "Palette",
}

var civControlModes = []string{"Canny", "Depth", "OpenPose", "Lineart", "Tile", "Scribble", "SoftEdge", "Inpaint", "QR Pattern", "Normal Map"}

var civBodyParts = []string{"Hands", "Eyes", "Anatomy", "Faces", "Feet", "Teeth", "Fingers"}

var civCheckpointStyles = []string{"anime", "realistic", "photorealistic", "semi-realistic", "3d", "cartoon", "illustration"}

var civLoraKinds = []string{"style", "concept", "character", "clothing", "tool", "poses", "background", "objects"}

var civTagPool = []string{
	"woman", "man", "fantasy", "sci-fi", "landscape", "portrait", "architecture", "animal", "vehicle",
	"cyberpunk", "horror", "cute", "girls", "armor", "food", "nature", "scenery", "retro", "comics", "game character",
	"photography", "cartoon", "art style", "detailed", "lighting", "manga", "dark", "colorful", "costume",
}

var civNSFWTags = []string{"sexy", "nsfw", "adult", "lingerie"}

var civUserHeads = []string{
	"pixel", "neon", "dream", "lunar", "arcane", "velvet", "shadow", "crimson", "azure", "silver", "tiny", "happy",
	"quantum", "misty", "ember", "frost", "storm", "sunny", "retro", "cosmic", "wild", "lazy", "brave", "noisy",
	"koi", "maple", "sable", "ivory", "onyx", "coral",
}

var civUserTails = []string{
	"fox", "monk", "forge", "smith", "artist", "crafter", "wizard", "painter", "studio", "lab", "works", "dreamer",
	"raven", "otter", "tiger", "panda", "owl", "badger", "sensei", "pilot", "bard", "golem", "sprite", "knight",
}

var civDescriptionLines = []string{
	"Trained on a hand-picked dataset of high quality images, captioned by hand.",
	"Works best with a CFG scale between 4 and 7 and 25-30 steps.",
	"Recommended sampler: Euler a or DPM++ 2M Karras.",
	"Use a weight between 0.6 and 0.9; higher values can overpower the prompt.",
	"This version fixes the color bleeding some of you reported. Thanks for the feedback!",
	"If you like my work, leave a review and share your images in the gallery.",
	"Merged from several of my earlier models, then fine-tuned on new data.",
	"Please do not re-upload this model to other sites.",
	"No trigger word is required, but the suggested ones strengthen the effect.",
	"Hires fix with a 4x upscaler at 0.35 denoise gives the sharpest results.",
	"Compatible with most checkpoints of the same base model.",
	"Feedback is welcome: this is still a work in progress.",
}
