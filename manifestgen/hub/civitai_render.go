package hub

import (
	"strings"
	"time"
)

// The JSON shapes of a CivitAI list item, fields in the order the real API
// sends them (2025 shape, plus the image id of earlier captures).

type civItemJSON struct {
	ID                    int64            `json:"id"`
	Name                  string           `json:"name"`
	Description           *string          `json:"description"`
	AllowNoCredit         bool             `json:"allowNoCredit"`
	AllowCommercialUse    any              `json:"allowCommercialUse"` // a list, or for some models the Postgres array string of the docs
	AllowDerivatives      bool             `json:"allowDerivatives"`
	AllowDifferentLicense bool             `json:"allowDifferentLicense"`
	Type                  string           `json:"type"`
	Minor                 bool             `json:"minor"`
	SFWOnly               bool             `json:"sfwOnly"`
	POI                   bool             `json:"poi"`
	NSFW                  bool             `json:"nsfw"`
	NSFWLevel             int              `json:"nsfwLevel"`
	Availability          string           `json:"availability"`
	Cosmetic              *struct{}        `json:"cosmetic"`
	SupportsGeneration    bool             `json:"supportsGeneration"`
	Stats                 civStatsJSON     `json:"stats"`
	Creator               civCreatorJSON   `json:"creator"`
	Tags                  []string         `json:"tags"`
	ModelVersions         []civVersionJSON `json:"modelVersions"`
}

type civStatsJSON struct {
	DownloadCount     int64 `json:"downloadCount"`
	FavoriteCount     int64 `json:"favoriteCount"`
	ThumbsUpCount     int64 `json:"thumbsUpCount"`
	ThumbsDownCount   int64 `json:"thumbsDownCount"`
	CommentCount      int64 `json:"commentCount"`
	RatingCount       int64 `json:"ratingCount"`
	Rating            int64 `json:"rating"`
	TippedAmountCount int64 `json:"tippedAmountCount"`
}

type civCreatorJSON struct {
	Username string `json:"username"`
	Image    string `json:"image"`
}

type civVersionJSON struct {
	ID            int64           `json:"id"`
	Index         int             `json:"index"`
	Name          string          `json:"name"`
	BaseModel     string          `json:"baseModel"`
	BaseModelType string          `json:"baseModelType"`
	CreatedAt     string          `json:"createdAt"`
	PublishedAt   string          `json:"publishedAt"`
	Status        string          `json:"status"`
	Availability  string          `json:"availability"`
	NSFWLevel     int             `json:"nsfwLevel"`
	Description   *string         `json:"description"`
	TrainedWords  []string        `json:"trainedWords,omitempty"`
	Covered       bool            `json:"covered"`
	Stats         civVerStatsJSON `json:"stats"`
	Files         []civFileJSON   `json:"files"`
	Images        []civImageJSON  `json:"images"`
	DownloadURL   string          `json:"downloadUrl"`
}

type civVerStatsJSON struct {
	DownloadCount   int64   `json:"downloadCount"`
	RatingCount     int64   `json:"ratingCount"`
	Rating          float64 `json:"rating"`
	ThumbsUpCount   int64   `json:"thumbsUpCount"`
	ThumbsDownCount int64   `json:"thumbsDownCount"`
}

type civFileJSON struct {
	ID                int64           `json:"id"`
	SizeKB            float64         `json:"sizeKB"`
	Name              string          `json:"name"`
	Type              string          `json:"type"`
	PickleScanResult  string          `json:"pickleScanResult"`
	PickleScanMessage string          `json:"pickleScanMessage"`
	VirusScanResult   string          `json:"virusScanResult"`
	VirusScanMessage  *string         `json:"virusScanMessage"`
	ScannedAt         string          `json:"scannedAt"`
	Metadata          civFileMetaJSON `json:"metadata"`
	Hashes            civHashesJSON   `json:"hashes"`
	DownloadURL       string          `json:"downloadUrl"`
	Primary           bool            `json:"primary,omitempty"`
}

type civFileMetaJSON struct {
	Format string `json:"format"`
	Size   string `json:"size"`
	FP     string `json:"fp"`
}

type civHashesJSON struct {
	AutoV1 string `json:"AutoV1"`
	AutoV2 string `json:"AutoV2"`
	SHA256 string `json:"SHA256"`
	CRC32  string `json:"CRC32"`
	BLAKE3 string `json:"BLAKE3"`
	AutoV3 string `json:"AutoV3,omitempty"`
}

type civImageJSON struct {
	ID                int64  `json:"id"`
	URL               string `json:"url"`
	NSFWLevel         int    `json:"nsfwLevel"`
	Width             int    `json:"width"`
	Height            int    `json:"height"`
	Hash              string `json:"hash"`
	Type              string `json:"type"`
	Minor             bool   `json:"minor"`
	POI               bool   `json:"poi"`
	HasMeta           bool   `json:"hasMeta"`
	HasPositivePrompt bool   `json:"hasPositivePrompt"`
	OnSite            bool   `json:"onSite"`
	RemixOfID         *int64 `json:"remixOfId"`
}

// civRenderOptions are request-dependent parts of an item.
type civRenderOptions struct {
	origin          string // scheme://host of the request, for download URLs
	primaryFileOnly bool
}

// render builds the JSON item of m. Details come from m.seed, so a model
// renders identically every time.
func (m *civModel) render(o civRenderOptions) civItemJSON {
	g := newGen(m.seed, 2)
	it := civItemJSON{
		ID:                    m.id,
		Name:                  m.name,
		AllowNoCredit:         m.noCredit,
		AllowCommercialUse:    m.commercial,
		AllowDerivatives:      m.derivs,
		AllowDifferentLicense: m.difLicense,
		Type:                  m.typ,
		SFWOnly:               !m.nsfw && g.chance(0.1),
		NSFW:                  m.nsfw,
		NSFWLevel:             m.nsfwLevel,
		Availability:          "Public",
		SupportsGeneration:    m.supportGen,
		Stats: civStatsJSON{
			DownloadCount:     m.stats.downloads,
			ThumbsUpCount:     m.stats.thumbsUp,
			ThumbsDownCount:   m.stats.thumbsDown,
			CommentCount:      m.stats.comments,
			TippedAmountCount: m.stats.tipped,
		},
		Creator: civCreatorJSON{Username: m.creator.username, Image: m.creator.image},
		Tags:    m.tags,
	}
	if g.chance(0.9) {
		d := civDescription(g, m.name)
		it.Description = &d
	}
	if g.chance(0.2) { // the documented form: "{Image,RentCivit}"
		it.AllowCommercialUse = "{" + strings.Join(m.commercial, ",") + "}"
	}
	remaining := m.stats.downloads
	for i, v := range m.versions {
		vg := newGen(m.seed, uint64(3+i))
		share := remaining
		if i < len(m.versions)-1 {
			share = int64(float64(remaining) * vg.uniform(0.3, 0.8))
		}
		remaining -= share
		it.ModelVersions = append(it.ModelVersions, m.renderVersion(vg, i, v, share, o))
	}
	return it
}

func (m *civModel) renderVersion(g *gen, index int, v civVersion, downloads int64, o civRenderOptions) civVersionJSON {
	up := int64(float64(downloads) * g.uniform(0.02, 0.1))
	vj := civVersionJSON{
		ID:            v.id,
		Index:         index,
		Name:          v.name,
		BaseModel:     v.base,
		BaseModelType: "Standard",
		CreatedAt:     isoMillis(v.published.Add(-time.Duration(g.between(300, 6*3600)) * time.Second)),
		PublishedAt:   isoMillis(v.published),
		Status:        "Published",
		Availability:  "Public",
		NSFWLevel:     m.nsfwLevel,
		Stats: civVerStatsJSON{
			DownloadCount:   downloads,
			ThumbsUpCount:   up,
			ThumbsDownCount: int64(float64(up) * g.uniform(0, 0.01)),
		},
		DownloadURL: o.origin + "/api/download/models/" + i64toa(v.id),
	}
	if m.typ == "Checkpoint" && g.chance(0.08) {
		vj.BaseModelType = "Inpainting"
	}
	if ReferenceDate.Sub(v.published) < 14*24*time.Hour && g.chance(0.15) {
		vj.Availability = "EarlyAccess"
	}
	if g.chance(0.5) {
		d := "<p>" + pick(g, civDescriptionLines) + "</p>"
		vj.Description = &d
	}
	switch m.typ {
	case "LORA", "LoCon", "DoRA", "TextualInversion":
		vj.TrainedWords = civTrainedWords(g, m.name)
	}
	vj.Files = m.renderFiles(g, v, o)
	for k := range g.between(1, 4) {
		vj.Images = append(vj.Images, renderImage(g, v, k, m.nsfw))
	}
	return vj
}

// civTrainedWords derives trigger words from a model name.
func civTrainedWords(g *gen, name string) []string {
	words := strings.Fields(strings.ToLower(name))
	switch g.intn(3) {
	case 0:
		return []string{}
	case 1:
		return []string{strings.Join(words[:min(2, len(words))], " ")}
	default:
		return []string{strings.ReplaceAll(strings.Join(words[:min(2, len(words))], "_"), "-", ""), pick(g, civStyles)}
	}
}

// civFileSpec is the main file a type ships.
type civFileSpec struct {
	minB, maxB int64  // size range in bytes
	ext        string // file extension
	format     string // metadata.format
	fileType   string // file type
}

const (
	kB = 1 << 10
	mB = 1 << 20
	gB = 1 << 30
)

func civMainFile(typ, base string) civFileSpec {
	switch typ {
	case "Checkpoint":
		switch base {
		case "SD 1.5", "SD 1.5 Hyper":
			return civFileSpec{2 * gB, 4300 * mB, "safetensors", "SafeTensor", "Model"}
		case "Flux.1 D", "Flux.1 S", "SD 3.5", "SD 3.5 Large":
			return civFileSpec{5500 * mB, 7 * gB, "safetensors", "SafeTensor", "Model"}
		default:
			return civFileSpec{6400 * mB, 7 * gB, "safetensors", "SafeTensor", "Model"}
		}
	case "LORA", "LoCon", "DoRA":
		return civFileSpec{20 * mB, 300 * mB, "safetensors", "SafeTensor", "Model"}
	case "TextualInversion":
		return civFileSpec{4 * kB, 300 * kB, "safetensors", "SafeTensor", "Model"}
	case "VAE":
		return civFileSpec{80 * mB, 340 * mB, "safetensors", "SafeTensor", "Model"}
	case "Controlnet":
		return civFileSpec{700 * mB, 2500 * mB, "safetensors", "SafeTensor", "Model"}
	case "MotionModule":
		return civFileSpec{800 * mB, 1800 * mB, "safetensors", "SafeTensor", "Model"}
	case "Upscaler":
		return civFileSpec{16 * mB, 70 * mB, "pth", "PickleTensor", "Model"}
	case "Detection":
		return civFileSpec{6 * mB, 52 * mB, "pt", "PickleTensor", "Model"}
	default:
		return civFileSpec{5 * kB, 5 * mB, "zip", "Other", "Archive"}
	}
}

func (m *civModel) renderFiles(g *gen, v civVersion, o civRenderOptions) []civFileJSON {
	spec := civMainFile(m.typ, v.base)
	stem := camelFileName(m.name) + "_" + slugVersion(v.name)
	fp := pick(g, []string{"fp16", "fp16", "bf16", "fp32"})
	if spec.format != "SafeTensor" {
		fp = "fp32"
	}
	files := []civFileJSON{m.renderFile(g, v, o, spec, stem, fp, "pruned", true)}
	if o.primaryFileOnly {
		return files
	}
	switch {
	case m.typ == "Checkpoint" && g.chance(0.3):
		big := spec
		big.minB, big.maxB = spec.maxB, spec.maxB*2-spec.minB
		files = append(files, m.renderFile(g, v, o, big, stem+"_full", "fp32", "full", false))
	case (m.typ == "LORA" || m.typ == "LoCon") && g.chance(0.1):
		td := civFileSpec{20 * mB, 400 * mB, "zip", "Other", "Training Data"}
		files = append(files, m.renderFile(g, v, o, td, stem+"_dataset", "fp16", "full", false))
	}
	return files
}

func (m *civModel) renderFile(g *gen, v civVersion, o civRenderOptions, spec civFileSpec, stem, fp, size string, primary bool) civFileJSON {
	bytes := spec.minB + int64(g.float()*float64(spec.maxB-spec.minB))
	sha := g.upperHex(64)
	msg := "No Pickle imports"
	if spec.format == "PickleTensor" {
		msg = "1 imports: collections.OrderedDict"
	}
	f := civFileJSON{
		ID:                v.id - int64(g.between(1, 90)),
		SizeKB:            float64(bytes) / 1024,
		Name:              stem + "." + spec.ext,
		Type:              spec.fileType,
		PickleScanResult:  "Success",
		PickleScanMessage: msg,
		VirusScanResult:   "Success",
		ScannedAt:         isoMillis(v.published.Add(-time.Duration(g.between(60, 3600)) * time.Second)),
		Metadata:          civFileMetaJSON{Format: spec.format, Size: size, FP: fp},
		Hashes: civHashesJSON{
			AutoV1: g.upperHex(8),
			AutoV2: sha[:10],
			SHA256: sha,
			CRC32:  g.upperHex(8),
			BLAKE3: g.upperHex(64),
		},
		DownloadURL: o.origin + "/api/download/models/" + i64toa(v.id),
		Primary:     primary,
	}
	if spec.format == "SafeTensor" && g.chance(0.6) {
		f.Hashes.AutoV3 = g.upperHex(12)
	}
	if !primary {
		f.DownloadURL += "?type=" + strings.ReplaceAll(spec.fileType, " ", "%20") + "&format=" + spec.format
	}
	return f
}

// civImageSizes are common generation resolutions.
var civImageSizes = [][2]int{{832, 1216}, {1024, 1024}, {1216, 832}, {512, 768}, {768, 1152}, {896, 1152}, {1080, 1576}}

// renderImage renders the k-th image of a version: for an SFW model mostly
// PG, some PG13 and a few R (listings without nsfw=true still carry them),
// for an NSFW model any level; about one in ten is a video.
func renderImage(g *gen, v civVersion, k int, nsfw bool) civImageJSON {
	id := v.id*40 + int64(k) + 1_000_000
	wh := pick(g, civImageSizes)
	level := 1
	switch {
	case nsfw:
		level = pick(g, []int{1, 2, 4, 8, 16})
	case g.chance(0.15):
		level = 2
	case g.chance(0.08):
		level = 4
	}
	typ, ext := "image", ".jpeg"
	if g.chance(0.1) {
		typ, ext = "video", ".mp4"
	}
	return civImageJSON{
		ID:                id,
		URL:               "https://image.civitai.com/xG1nkqKTMzGDvpLrqFT7WA/" + g.uuid() + "/width=" + itoa(wh[0]) + "/" + i64toa(id) + ext,
		NSFWLevel:         level,
		Width:             wh[0],
		Height:            wh[1],
		Hash:              g.blurhash(),
		Type:              typ,
		HasMeta:           g.chance(0.8),
		HasPositivePrompt: g.chance(0.8),
	}
}

// civDescription writes an HTML description of a model.
func civDescription(g *gen, name string) string {
	var b strings.Builder
	b.WriteString("<p><strong>" + htmlEscape(name) + "</strong></p>")
	for range g.between(1, 3) {
		b.WriteString("<p>" + pick(g, civDescriptionLines) + "</p>")
	}
	return b.String()
}
