package civitai

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

// SiteURL is the base of the canonical model pages written to manifests,
// independent of the endpoint the data came from.
const SiteURL = "https://civitai.com"

// Manifest maps m to the normalised manifest form for a listing that asked
// for the base models bases (the baseModels query; empty: any).
//
// The version-derived fields (VersionID, BaseModel, SizeBytes, DownloadURL,
// PreviewCandidates) come from the selected version: the first version
// whose base model is one of bases, else the first (newest). BaseModels
// lists every version's base model; CreatedAt is the earliest version
// publication and UpdatedAt the latest (the model has no dates of its own).
func (m *Model) Manifest(bases []string) manifest.Model {
	id := strconv.FormatInt(m.ID, 10)
	out := manifest.Model{
		ID:                    id,
		Name:                  m.Name,
		Tags:                  m.Tags,
		Type:                  m.Type,
		NSFW:                  m.NSFW,
		URL:                   SiteURL + "/models/" + id,
		CommercialUse:         m.AllowCommercialUse.Normalize(),
		AllowNoCredit:         cloneBool(m.AllowNoCredit),
		AllowDerivatives:      cloneBool(m.AllowDerivatives),
		AllowDifferentLicense: cloneBool(m.AllowDifferentLicense),
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
	if len(m.ModelVersions) == 0 {
		return out
	}
	var first, last time.Time
	for i := range m.ModelVersions {
		v := &m.ModelVersions[i]
		if v.BaseModel != "" && !slices.Contains(out.BaseModels, v.BaseModel) {
			out.BaseModels = append(out.BaseModels, v.BaseModel)
		}
		t, ok := parseTime(v.PublishedAt)
		if !ok {
			continue
		}
		if first.IsZero() || t.Before(first) {
			first, out.CreatedAt = t, v.PublishedAt
		}
		if last.IsZero() || t.After(last) {
			last, out.UpdatedAt = t, v.PublishedAt
		}
	}
	v := &m.ModelVersions[selectVersion(m.ModelVersions, bases)]
	out.VersionID = max(v.ID, 0)
	out.BaseModel = v.BaseModel
	if f := v.mainFile(); f != nil {
		out.SizeBytes = kbToBytes(f.SizeKB)
		out.DownloadURL = downloadURL(f.DownloadURL)
	}
	if out.DownloadURL == "" {
		out.DownloadURL = downloadURL(v.DownloadURL)
	}
	out.PreviewCandidates = previewCandidates(v.Images)
	return out
}

// downloadPath is the path of every CivitAI download URL.
const downloadPath = "/api/download/models/"

// downloadURL returns the download URL s on SiteURL, whatever host served
// the listing (the API echoes the host it was called on: civitai.com,
// api.civitai.com, a mirror); "" when s is not an http(s) URL of a
// download.
func downloadURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.HasPrefix(u.Path, downloadPath) || len(u.Path) == len(downloadPath) {
		return ""
	}
	out := SiteURL + u.EscapedPath()
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out
}

// selectVersion returns the index of the first version whose base model is
// one of bases, else 0 (the newest). vs is not empty.
func selectVersion(vs []ModelVersion, bases []string) int {
	for i := range vs {
		if slices.Contains(bases, vs[i].BaseModel) {
			return i
		}
	}
	return 0
}

// parseTime reads a publishedAt value: RFC 3339, or the same without a time
// zone (seen in real responses), taken as UTC.
func parseTime(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

func cloneBool(b *bool) *bool {
	if b == nil {
		return nil
	}
	v := *b
	return &v
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
