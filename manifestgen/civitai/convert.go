package civitai

import (
	"math"
	"strconv"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// SiteURL is the base of the canonical model pages written to manifests,
// independent of the endpoint the data came from.
const SiteURL = "https://civitai.com"

// Manifest maps m to the normalised manifest form. Version-derived fields
// (BaseModel, SizeBytes, Preview, CreatedAt) come from the first (newest)
// version.
func (m *Model) Manifest() manifest.Model {
	id := strconv.FormatInt(m.ID, 10)
	out := manifest.Model{
		ID:      id,
		Name:    m.Name,
		Tags:    m.Tags,
		Type:    m.Type,
		NSFW:    m.NSFW,
		URL:     SiteURL + "/models/" + id,
		License: m.AllowCommercialUse.License(),
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if m.Creator != nil {
		out.Author = m.Creator.Username
	}
	if m.Stats != nil {
		out.Downloads = m.Stats.DownloadCount
		out.Likes = m.Stats.ThumbsUpCount
	}
	if len(m.ModelVersions) > 0 {
		v := &m.ModelVersions[0]
		out.BaseModel = v.BaseModel
		out.CreatedAt = v.PublishedAt
		if f := v.mainFile(); f != nil {
			out.SizeBytes = kbToBytes(f.SizeKB)
		}
		if len(v.Images) > 0 {
			out.Preview = v.Images[0].URL
		}
	}
	return out
}

// mainFile returns the version's primary file, else its first file, else nil.
func (v *ModelVersion) mainFile() *File {
	for i := range v.Files {
		if v.Files[i].Primary {
			return &v.Files[i]
		}
	}
	if len(v.Files) > 0 {
		return &v.Files[0]
	}
	return nil
}

// kbToBytes converts a sizeKB value to bytes, rounded; 0 when the value is
// not a positive size that fits an int64.
func kbToBytes(kb float64) int64 {
	b := math.Round(kb * 1024)
	if !(b > 0 && b < math.MaxInt64) {
		return 0
	}
	return int64(b)
}
