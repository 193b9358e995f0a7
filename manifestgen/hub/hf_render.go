package hub

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// render appends m's JSON object with the given fields, in order; optional
// fields the repo does not have are left out, as the Hub does.
func (m *hfModel) render(buf *bytes.Buffer, fields []string) {
	buf.WriteByte('{')
	n := 0
	for _, f := range fields {
		v, ok := m.field(f)
		if !ok {
			continue
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		buf.Write(marshalJSON(f))
		buf.WriteByte(':')
		buf.Write(marshalJSON(v))
	}
	buf.WriteByte('}')
}

type hfSafetensorsJSON struct {
	Parameters map[string]int64 `json:"parameters"`
	Total      int64            `json:"total"`
}

type hfGGUFJSON struct {
	Total         int64  `json:"total"`
	Architecture  string `json:"architecture"`
	ContextLength int    `json:"context_length,omitempty"`
}

type hfSiblingJSON struct {
	RFilename string `json:"rfilename"`
}

// field returns the value of one field, or false when the repo lacks it.
func (m *hfModel) field(name string) (any, bool) {
	switch name {
	case "_id":
		return m.oid, true
	case "id", "modelId":
		return m.id, true
	case "author":
		return m.author, true
	case "likes":
		return m.likes, true
	case "trendingScore":
		return m.trending, true
	case "private", "disabled":
		return false, true
	case "downloads":
		return m.downloads, true
	case "downloadsAllTime":
		return m.allTime, true
	case "tags":
		return m.tags, true
	case "pipeline_tag":
		return m.pipeline, m.pipeline != ""
	case "library_name":
		return m.library, m.library != ""
	case "createdAt":
		return isoMillis(m.created), true
	case "lastModified":
		return isoMillis(m.modified), true
	case "sha":
		return m.sha, true
	case "gated":
		return m.gated, true
	case "usedStorage":
		return m.storage, true
	case "safetensors":
		if m.paramTotal == 0 {
			return nil, false
		}
		p := map[string]int64{}
		for _, d := range m.dtypes {
			p[d.name] += d.count
		}
		return hfSafetensorsJSON{Parameters: p, Total: m.paramTotal}, true
	case "gguf":
		if m.gguf == nil {
			return nil, false
		}
		return hfGGUFJSON{Total: m.gguf.total, Architecture: m.gguf.arch, ContextLength: m.gguf.context}, true
	case "siblings":
		var s []hfSiblingJSON
		for _, f := range m.siblings() {
			s = append(s, hfSiblingJSON{f})
		}
		return s, true
	}
	return nil, false
}

// siblings lists the repo's files, as its library lays them out.
func (m *hfModel) siblings() []string {
	name := m.id[strings.IndexByte(m.id, '/')+1:]
	files := []string{".gitattributes", "README.md"}
	switch {
	case m.gguf != nil:
		stem := strings.TrimSuffix(strings.TrimSuffix(name, "-GGUF"), "-i1")
		if i := strings.LastIndex(stem, "-Q"); i > 0 {
			files = append(files, strings.ToLower(stem)+".gguf") // one quant, as gguf-my-repo makes
			break
		}
		for _, q := range []string{"Q2_K", "Q3_K_M", "Q4_K_M", "Q5_K_M", "Q6_K", "Q8_0"} {
			files = append(files, stem+"-"+q+".gguf")
		}
	case m.library == "peft":
		files = append(files, "adapter_config.json", "adapter_model.safetensors", "tokenizer.json", "tokenizer_config.json")
	case m.library == "diffusers" && slices.Contains(m.tags, "lora"):
		files = append(files, "pytorch_lora_weights.safetensors", "images/example_1.png", "images/example_2.png")
	case m.library == "diffusers":
		files = append(files, "model_index.json", "scheduler/scheduler_config.json", "text_encoder/config.json",
			"text_encoder/model.safetensors", "tokenizer/vocab.json", "unet/config.json",
			"unet/diffusion_pytorch_model.safetensors", "vae/config.json", "vae/diffusion_pytorch_model.safetensors")
	case m.paramTotal > 0:
		files = append(files, "config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
		if m.library == "sentence-transformers" {
			files = append(files, "1_Pooling/config.json", "config_sentence_transformers.json", "modules.json", "sentence_bert_config.json")
		}
		if m.pipeline == pTextGen || m.pipeline == pVLM {
			files = append(files, "generation_config.json")
		}
		if shards := int(m.paramTotal*2/(5<<30)) + 1; shards > 1 {
			for i := 1; i <= shards; i++ {
				files = append(files, fmt.Sprintf("model-%05d-of-%05d.safetensors", i, shards))
			}
			files = append(files, "model.safetensors.index.json")
		} else {
			files = append(files, "model.safetensors")
		}
	default:
		files = append(files, "config.json", "pytorch_model.bin")
	}
	slices.Sort(files)
	return files
}
