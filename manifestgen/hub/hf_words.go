package hub

// Word lists of the Hugging Face snapshot generator.

// hfTargets is how many models each pipeline tag gets ("" = adapters with
// no pipeline tag); officials count toward the target, community repos fill
// the rest.
var hfTargets = []weighted[string]{
	{pTextGen, 1150}, {pT2I, 320}, {pSentSim, 220}, {pASR, 220}, {pImgClass, 170}, {pTextClass, 170},
	{pFillMask, 80}, {pTokClass, 90}, {pFeatExt, 80}, {pVLM, 120}, {pTransl, 60}, {pSumm, 50}, {pTTS, 50},
	{pObjDet, 50}, {pT2V, 40}, {pZeroShot, 30}, {pZeroImg, 30}, {"", 90},
}

var hfFirstNames = []string{
	"alex", "maria", "john", "wei", "yuki", "ahmed", "priya", "lucas", "sofia", "ivan", "chen", "fatima", "noah",
	"emma", "omar", "lena", "raj", "kenji", "sara", "diego", "anna", "mohamed", "li", "tom", "julia", "arjun",
	"elena", "david", "nina", "hiro", "minh", "ayse", "pablo", "olga", "kwame", "ines", "jakub", "mei", "tariq", "zoe",
}

var hfOrgWords = []string{
	"ml", "ai", "nlp", "lab", "research", "dev", "data", "models", "labs", "tech", "vision", "speech", "neural",
	"deep", "open", "byte", "tensor", "vector", "signal", "logic",
}

var hfGGUFUsers = []string{
	"bartowski", "mradermacher", "TheBloke", "QuantFactory", "lmstudio-community", "unsloth", "MaziyarPanahi",
	"second-state", "RichardErkhov", "tensorblock", "NikolayKozloff",
}

var hfTextGenSuffixes = []string{
	"sft", "dpo", "orpo", "finetuned", "alpaca", "chat", "v0.1", "v2", "lora-merged", "uncensored", "instruct-ft",
	"math", "code", "medical", "legal", "roleplay", "german", "ja", "ko", "zh", "reasoning", "grpo", "distill", "tr",
	"vi", "function-calling", "sql", "summarizer", "it", "fr", "es", "pt-br", "ar", "hi", "storywriter", "tool-use",
}

var hfNewModelNames = []string{
	"Nova", "Aurora", "Zephyr", "Orion", "Atlas", "Helios", "Lyra", "Vega", "Nimbus", "Sage", "Falcon-Lite",
	"Pegasus", "Hermes-Lite", "Athena", "Apollo", "Iris", "Juno", "Nyx", "Echo", "Titan", "Mercury", "Cosmos",
}

var hfDomains = []string{
	"legal", "medical", "finance", "ecommerce", "code", "scientific", "arabic", "german", "korean", "japanese",
	"vietnamese", "customer-support", "patents", "biomed", "climate", "hr", "retrieval", "faq", "news", "tweets",
}

var hfLangs = []string{
	"hi", "ar", "sw", "ta", "bn", "ur", "vi", "th", "id", "tr", "fa", "pl", "nl", "ko", "ja", "zh", "de", "fr", "es",
	"pt", "it", "ru", "uk", "ro", "el", "cs", "hu", "fi", "sv", "da", "ca", "eu", "yo", "ha", "am", "ne", "mr", "te",
}

var hfImageDatasets = []string{
	"eurosat", "cifar10", "food101", "beans", "oxford-pets", "plant-disease", "skin-cancer", "chest-xray",
	"brain-tumor", "fer2013", "flowers", "dogs-vs-cats", "garbage", "fruits", "deepfake", "ai-vs-human", "mnist",
	"pneumonia", "diabetic-retinopathy", "crop-disease",
}

var hfTextDatasets = []string{
	"emotion", "sst2", "imdb", "mrpc", "ag-news", "tweet-eval", "financial-phrasebank", "yelp", "amazon-reviews",
	"rotten-tomatoes", "spam", "fake-news", "toxic", "sarcasm", "cola", "rte", "qnli",
}

var hfTokenTasks = []string{"ner", "conll03", "pos", "pii", "wikiann", "ner-medical", "chunking"}

var hfFillMaskData = []string{"imdb", "wikitext2", "pubmed", "legal", "code", "tweets", "arxiv", "accelerate"}

var hfGenericTasks = []string{"finetuned", "custom", "demo", "test", "v1", "v2", "experiment", "ft", "tuned"}

// hfGGUFContext is the context length GGUF metadata reports, by architecture.
var hfGGUFContext = map[string]int{
	"llama": 131072, "qwen2": 32768, "qwen3": 40960, "mistral": 32768, "mixtral": 32768, "gemma2": 8192,
	"gemma": 8192, "gemma3_text": 32768, "gemma3": 131072, "phi3": 131072, "phi": 2048, "deepseek_v3": 163840,
	"gpt_oss": 131072, "qwen2_5_vl": 128000, "qwen3_vl": 262144, "olmo2": 4096, "granite": 131072,
}
