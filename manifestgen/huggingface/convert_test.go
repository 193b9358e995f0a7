package huggingface

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/manifestgen/manifestgen/manifestgen/manifest"
)

func TestManifestFromSample(t *testing.T) {
	var ms []Model
	if err := json.Unmarshal(readSample(t), &ms); err != nil {
		t.Fatal(err)
	}
	want := []manifest.Model{
		{
			ID: "moonshotai/Kimi-K2-Thinking", Name: "Kimi-K2-Thinking", Author: "moonshotai",
			Downloads: 5119, Likes: 578, Tags: ms[0].Tags, Type: "text-generation",
			URL: "https://huggingface.co/moonshotai/Kimi-K2-Thinking", License: "other", Library: "transformers",
			CreatedAt: "2025-11-04T08:25:31.000Z",
		},
		{
			ID: "MiniMaxAI/MiniMax-M2", Name: "MiniMax-M2", Author: "MiniMaxAI",
			Downloads: 846249, Likes: 1178, Tags: ms[1].Tags, Type: "text-generation",
			URL: "https://huggingface.co/MiniMaxAI/MiniMax-M2", License: "mit", Library: "transformers",
			CreatedAt: "2025-10-22T13:45:10.000Z",
		},
	}
	for i := range ms {
		if got := ms[i].Manifest(); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("model %d:\n got %+v\nwant %+v", i, got, want[i])
		}
	}
}

func TestManifestFields(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want manifest.Model
	}{
		{
			name: "author field wins, safetensors total",
			in: `{"id":"org/Qwen2.5-7B-Instruct","author":"someone","tags":["license:apache-2.0","license:mit"],
				"safetensors":{"parameters":{"BF16":7615616512},"total":7615616512},"gguf":{"total":1}}`,
			want: manifest.Model{ID: "org/Qwen2.5-7B-Instruct", Name: "Qwen2.5-7B-Instruct", Author: "someone",
				Tags: []string{"license:apache-2.0", "license:mit"}, URL: "https://huggingface.co/org/Qwen2.5-7B-Instruct",
				License: "apache-2.0", Parameters: 7615616512},
		},
		{
			name: "safetensors without total sums dtypes",
			in:   `{"id":"a/b","safetensors":{"parameters":{"BF16":100,"F32":20}}}`,
			want: manifest.Model{ID: "a/b", Name: "b", Author: "a", Tags: []string{}, URL: "https://huggingface.co/a/b", Parameters: 120},
		},
		{
			name: "gguf total when no safetensors",
			in:   `{"id":"a/model-7B-GGUF","gguf":{"total":7241732096,"architecture":"llama"}}`,
			want: manifest.Model{ID: "a/model-7B-GGUF", Name: "model-7B-GGUF", Author: "a", Tags: []string{},
				URL: "https://huggingface.co/a/model-7B-GGUF", Parameters: 7241732096},
		},
		{
			name: "estimate from id",
			in:   `{"id":"mistralai/Mixtral-8x7B-v0.1","tags":[]}`,
			want: manifest.Model{ID: "mistralai/Mixtral-8x7B-v0.1", Name: "Mixtral-8x7B-v0.1", Author: "mistralai", Tags: []string{},
				URL: "https://huggingface.co/mistralai/Mixtral-8x7B-v0.1", Parameters: 56e9},
		},
		{
			name: "legacy id without org",
			in:   `{"id":"gpt2","pipeline_tag":"text-generation","library_name":"transformers"}`,
			want: manifest.Model{ID: "gpt2", Name: "gpt2", Tags: []string{}, Type: "text-generation", Library: "transformers",
				URL: "https://huggingface.co/gpt2"},
		},
		{
			name: "modelId when id is missing",
			in:   `{"modelId":"x/y-1B"}`,
			want: manifest.Model{ID: "x/y-1B", Name: "y-1B", Author: "x", Tags: []string{}, URL: "https://huggingface.co/x/y-1B", Parameters: 1e9},
		},
	}
	for _, tt := range tests {
		var m Model
		if err := json.Unmarshal([]byte(tt.in), &m); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := m.Manifest(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}
