package huggingface

import (
	"strings"
	"testing"
)

func TestParamsFromID(t *testing.T) {
	tests := []struct {
		id   string
		want int64 // 0: no estimate
	}{
		{"Qwen/Qwen2.5-7B-Instruct", 7e9},
		{"TinyLlama/TinyLlama-1.1B-Chat-v1.0", 1.1e9},
		{"mistralai/Mixtral-8x7B-Instruct-v0.1", 56e9},
		{"mistralai/Mixtral-8x22B-v0.1", 176e9},
		{"EleutherAI/pythia-500m", 5e8},
		{"x/model-500M", 5e8},
		{"google/gemma-2b", 2e9},
		{"google/gemma-2b-it", 2e9},
		{"google/gemma-3-270m", 270e6},
		{"meta-llama/Llama-2-70b-chat-hf", 70e9},
		{"meta-llama/Llama-3.1-405B", 405e9},
		{"meta-llama/Llama-3.2-1B", 1e9},
		{"Qwen/Qwen3-30B-A3B", 30e9}, // total, not the active A3B
		{"Qwen/Qwen3-0.6B", 6e8},
		{"Qwen/Qwen2.5-0.5B-Instruct", 5e8},
		{"deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", 1.5e9},
		{"openai/gpt-oss-120b", 120e9},
		{"google-t5/t5-11b", 11e9},
		{"HuggingFaceTB/SmolLM2-135M", 135e6},
		{"facebook/opt_1.3b", 1.3e9},
		{"Llama-3-8B-Instruct-262k", 8e9}, // no org
		{"allenai/OLMo-2-1124-7B", 7e9},   // a date-like number before the size
		{"org/model-7b.gguf", 7e9},
		// no hits
		{"moonshotai/Kimi-K2-Thinking", 0},
		{"MiniMaxAI/MiniMax-M2", 0},
		{"google-bert/bert-base-uncased", 0},
		{"stabilityai/stable-diffusion-v1-5", 0},
		{"stabilityai/stable-diffusion-xl-base-1.0", 0},
		{"openai/whisper-large-v3", 0},
		{"sentence-transformers/all-MiniLM-L6-v2", 0},
		{"BAAI/bge-m3", 0},
		{"microsoft/Phi-3-mini-4k-instruct", 0},
		{"x/model-2024-05-13", 0},
		{"x/20240513b", 0},    // a date is no size
		{"3b1b/manim-1.5", 0}, // handle in the org, version in the name
		{"x/3b1b", 0},         // handle-like name
		{"x/RWKV-4-Pile-1B5", 0},
		{"x/llama-4bit", 0},
		{"x/model-8bits-7", 0},
		{"x/yolov8m", 0},
		{"x/efficientnet_b0", 0},
		{"x/vicuna7b", 0}, // glued to a word: ambiguous, skipped
		{"x/v1.5b", 0},    // version-like
		{"x/model-0b", 0},
		{"x/model-0.0m", 0},
		{"x/model-999999b", 0}, // beyond any real model
		{"x/model-1.5", 0},
		{"gpt2", 0},
		{"", 0},
	}
	for _, tt := range tests {
		got, ok := ParamsFromID(tt.id)
		if got != tt.want || ok != (tt.want > 0) {
			t.Errorf("ParamsFromID(%q) = %d, %v; want %d", tt.id, got, ok, tt.want)
		}
	}
}

func TestSizeClass(t *testing.T) {
	tests := []struct {
		params int64
		want   string
	}{
		{-1, ""},
		{0, ""},
		{1, SizeSmall},
		{6_999_999_999, SizeSmall},
		{7e9, SizeMedium},
		{13e9, SizeMedium},
		{13e9 + 1, SizeLarge},
		{56e9, SizeLarge},
	}
	for _, tt := range tests {
		if got := SizeClass(tt.params); got != tt.want {
			t.Errorf("SizeClass(%d) = %q, want %q", tt.params, got, tt.want)
		}
	}
}

// FuzzParamsFromID checks that estimates are in range, that the org never
// matters and that an id without a size-unit letter yields nothing.
func FuzzParamsFromID(f *testing.F) {
	for _, s := range []string{
		"Qwen/Qwen2.5-7B-Instruct", "TinyLlama/TinyLlama-1.1B-Chat-v1.0", "mistralai/Mixtral-8x7B-Instruct-v0.1",
		"EleutherAI/pythia-500m", "google/gemma-2b", "moonshotai/Kimi-K2-Thinking", "MiniMaxAI/MiniMax-M2",
		"3b1b/manim", "x/RWKV-4-Pile-1B5", "x/model-2024-05-13",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		n, ok := ParamsFromID(id)
		if ok != (n > 0) || n > maxParams {
			t.Fatalf("ParamsFromID(%q) = %d, %v", id, n, ok)
		}
		name := id[strings.LastIndexByte(id, '/')+1:]
		if n2, ok2 := ParamsFromID("some-7B-org/" + name); n2 != n || ok2 != ok {
			t.Fatalf("org changed the estimate of %q: %d vs %d", name, n, n2)
		}
		if ok && !strings.ContainsAny(name, "bBmM") {
			t.Fatalf("ParamsFromID(%q) = %d without a unit", id, n)
		}
	})
}
