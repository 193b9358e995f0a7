package civitai

import "encoding/json"

// ListResponse is the body of GET /api/v1/models.
type ListResponse struct {
	Items    []Model   `json:"items"`
	Metadata *Metadata `json:"metadata,omitempty"`
}

// Metadata is the pagination block of a list response. In cursor mode only
// NextCursor and NextPage are set; page mode adds CurrentPage and PageSize.
type Metadata struct {
	NextCursor  json.RawMessage `json:"nextCursor,omitempty"`  // opaque: a string or a number; absent or null on the last page
	NextPage    string          `json:"nextPage,omitempty"`    // absolute URL: the request's query plus cursor=
	CurrentPage int             `json:"currentPage,omitempty"` // page mode only
	PageSize    int             `json:"pageSize,omitempty"`    // page mode only
}

// ErrorBody is a CivitAI error response. Error is a string, a Zod error
// object or an array of issues, so it stays raw.
type ErrorBody struct {
	Error   json.RawMessage `json:"error"`
	Message string          `json:"message,omitempty"`
	Code    string          `json:"code,omitempty"`
}

// Model is one item of a list response (also the body of /models/{id}).
// Nullable scalars decode to their zero value.
type Model struct {
	ID                    int64           `json:"id"`
	Name                  string          `json:"name"`
	Description           string          `json:"description"` // HTML; null decodes to ""
	Type                  string          `json:"type"`
	POI                   bool            `json:"poi"`
	NSFW                  bool            `json:"nsfw"`
	NSFWLevel             NSFWLevel       `json:"nsfwLevel"`
	Minor                 bool            `json:"minor"`
	SFWOnly               bool            `json:"sfwOnly"`
	Availability          string          `json:"availability,omitempty"`
	AllowNoCredit         *bool           `json:"allowNoCredit"`
	AllowCommercialUse    CommercialUse   `json:"allowCommercialUse"`
	AllowDerivatives      *bool           `json:"allowDerivatives"`
	AllowDifferentLicense *bool           `json:"allowDifferentLicense"`
	Cosmetic              json.RawMessage `json:"cosmetic,omitempty"` // null or an object
	SupportsGeneration    bool            `json:"supportsGeneration"`
	Mode                  string          `json:"mode,omitempty"` // "Archived" or "TakenDown"; absent otherwise
	Stats                 *ModelStats     `json:"stats"`
	Creator               *Creator        `json:"creator"`
	Tags                  []string        `json:"tags"`
	ModelVersions         []ModelVersion  `json:"modelVersions"` // newest first
}

// ModelStats are a model's all-time counters.
type ModelStats struct {
	DownloadCount     int64   `json:"downloadCount"`
	FavoriteCount     int64   `json:"favoriteCount"`
	ThumbsUpCount     int64   `json:"thumbsUpCount"`
	ThumbsDownCount   int64   `json:"thumbsDownCount"`
	CommentCount      int64   `json:"commentCount"`
	RatingCount       int64   `json:"ratingCount"`
	Rating            float64 `json:"rating"`
	TippedAmountCount int64   `json:"tippedAmountCount"`
}

// Creator is the user who published a model.
type Creator struct {
	Username string `json:"username"`
	Image    string `json:"image"` // avatar URL; null decodes to ""
}

// ModelVersion is one published version of a model.
type ModelVersion struct {
	ID                 int64         `json:"id"`
	Index              int           `json:"index"`
	Name               string        `json:"name"`
	ModelID            int64         `json:"modelId,omitempty"` // older responses only
	BaseModel          string        `json:"baseModel"`
	BaseModelType      string        `json:"baseModelType"`
	CreatedAt          string        `json:"createdAt,omitempty"` // 2025 responses
	PublishedAt        string        `json:"publishedAt"`         // may lack a time zone; kept verbatim
	Status             string        `json:"status,omitempty"`
	Availability       string        `json:"availability,omitempty"`
	NSFWLevel          NSFWLevel     `json:"nsfwLevel"`
	Description        string        `json:"description"`
	TrainedWords       []string      `json:"trainedWords,omitempty"`
	Covered            bool          `json:"covered"`
	SupportsGeneration bool          `json:"supportsGeneration,omitempty"`
	Stats              *VersionStats `json:"stats"`
	Files              []File        `json:"files"`
	Images             []Image       `json:"images"`
	DownloadURL        string        `json:"downloadUrl,omitempty"` // absent when archived
}

// VersionStats are one version's counters.
type VersionStats struct {
	DownloadCount   int64   `json:"downloadCount"`
	RatingCount     int64   `json:"ratingCount"`
	Rating          float64 `json:"rating"`
	ThumbsUpCount   int64   `json:"thumbsUpCount"`
	ThumbsDownCount int64   `json:"thumbsDownCount"`
}

// File is one downloadable file of a version.
type File struct {
	ID                int64             `json:"id"`
	SizeKB            float64           `json:"sizeKB"`
	Name              string            `json:"name"`
	Type              string            `json:"type"` // "Model", "Pruned Model", "VAE", "Config", "Training Data", ...
	PickleScanResult  string            `json:"pickleScanResult"`
	PickleScanMessage string            `json:"pickleScanMessage"`
	VirusScanResult   string            `json:"virusScanResult"`
	VirusScanMessage  string            `json:"virusScanMessage"`
	ScannedAt         string            `json:"scannedAt"`
	Metadata          *FileMetadata     `json:"metadata"`
	Hashes            map[string]string `json:"hashes"` // AutoV1, AutoV2, AutoV3, SHA256, CRC32, BLAKE3; the set varies
	DownloadURL       string            `json:"downloadUrl"`
	Primary           bool              `json:"primary,omitempty"` // present only when true
}

// FileMetadata describes a file's format and precision.
type FileMetadata struct {
	Format string `json:"format"` // e.g. "SafeTensor"
	Size   string `json:"size"`   // "pruned" or "full"
	FP     string `json:"fp"`     // "fp16", "bf16", ...
}

// Image is one preview image of a version.
type Image struct {
	ID                int64     `json:"id,omitempty"`
	URL               string    `json:"url"`
	NSFWLevel         NSFWLevel `json:"nsfwLevel"`
	Width             int       `json:"width"`
	Height            int       `json:"height"`
	Hash              string    `json:"hash"`
	Type              string    `json:"type"`
	Minor             bool      `json:"minor"`
	POI               bool      `json:"poi"`
	HasMeta           bool      `json:"hasMeta"`
	HasPositivePrompt bool      `json:"hasPositivePrompt"`
	OnSite            bool      `json:"onSite"`
	RemixOfID         *int64    `json:"remixOfId"`
}
