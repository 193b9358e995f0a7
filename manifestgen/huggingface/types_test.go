package huggingface

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

func readSample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/hf-models-page.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeSample(t *testing.T) {
	var ms []Model
	if err := json.Unmarshal(readSample(t), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("%d models, want 2", len(ms))
	}
	want := Model{
		MongoID: "6909b87b734dd24dd19da3ef", ID: "moonshotai/Kimi-K2-Thinking", ModelID: "moonshotai/Kimi-K2-Thinking",
		Likes: 578, Downloads: 5119, TrendingScore: 580,
		Tags: []string{"transformers", "safetensors", "kimi_k2", "text-generation", "conversational", "custom_code",
			"license:other", "autotrain_compatible", "endpoints_compatible", "compressed-tensors", "region:us"},
		PipelineTag: "text-generation", LibraryName: "transformers", CreatedAt: "2025-11-04T08:25:31.000Z",
	}
	if !reflect.DeepEqual(ms[0], want) {
		t.Errorf("model 0:\n got %+v\nwant %+v", ms[0], want)
	}
	if ms[1].ID != "MiniMaxAI/MiniMax-M2" || ms[1].Downloads != 846249 || ms[1].Likes != 1178 || ms[1].Private {
		t.Errorf("model 1 = %+v", ms[1])
	}
}

func TestDecodeExpanded(t *testing.T) {
	in := `{"_id":"x","id":"meta-llama/Llama-3.1-8B","author":"meta-llama","gated":"manual","private":false,
		"trendingScore":12.5,
		"safetensors":{"parameters":{"BF16":8030261248},"total":8030261248},
		"gguf":{"total":8030261312,"architecture":"llama","context_length":131072,"chat_template":"..."}}`
	var m Model
	if err := json.Unmarshal([]byte(in), &m); err != nil {
		t.Fatal(err)
	}
	if m.Author != "meta-llama" || m.Gated != GatedManual || m.TrendingScore != 12.5 ||
		m.Safetensors == nil || m.Safetensors.Total != 8030261248 || m.Safetensors.Parameters["BF16"] != 8030261248 ||
		m.GGUF == nil || m.GGUF.Total != 8030261312 || m.GGUF.Architecture != "llama" || m.GGUF.ContextLength != 131072 {
		t.Errorf("decoded %+v (safetensors %+v, gguf %+v)", m, m.Safetensors, m.GGUF)
	}
}

func TestGated(t *testing.T) {
	tests := []struct {
		in      string
		want    Gated
		out     string
		wantErr bool
	}{
		{in: `false`, want: NotGated, out: `false`},
		{in: `null`, want: NotGated, out: `false`},
		{in: `"auto"`, want: GatedAuto, out: `"auto"`},
		{in: `"manual"`, want: GatedManual, out: `"manual"`},
		{in: `true`, want: GatedTrue, out: `true`},
		{in: `"other"`, want: Gated("other"), out: `"other"`},
		{in: `1`, wantErr: true},
		{in: `{}`, wantErr: true},
	}
	for _, tt := range tests {
		var got struct {
			G Gated `json:"gated"`
		}
		err := json.Unmarshal([]byte(`{"gated":`+tt.in+`}`), &got)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if got.G != tt.want {
			t.Errorf("%s: got %q, want %q", tt.in, got.G, tt.want)
		}
		if b, err := json.Marshal(got.G); err != nil || string(b) != tt.out {
			t.Errorf("%s: Marshal = %s, %v; want %s", tt.in, b, err, tt.out)
		}
	}
}
