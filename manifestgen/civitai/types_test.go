package civitai

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

func readSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeSamplePage(t *testing.T) {
	var r ListResponse
	if err := json.Unmarshal(readSample(t, "civitai-models-page.json"), &r); err != nil {
		t.Fatal(err)
	}
	if got, want := len(r.Items), 3; got != want {
		t.Fatalf("items = %d, want %d", got, want)
	}
	m := r.Items[0]
	if m.ID != 43331 || m.Creator == nil || m.Creator.Username != "Merjic" || m.Stats == nil || m.Stats.DownloadCount != 802158 {
		t.Errorf("item 0 = id %d creator %+v stats %+v", m.ID, m.Creator, m.Stats)
	}
	if !reflect.DeepEqual(m.AllowCommercialUse, CommercialUse{"Image"}) {
		t.Errorf("allowCommercialUse = %q", m.AllowCommercialUse)
	}
	v := m.ModelVersions[0]
	if v.PublishedAt != "2023-10-05T13:31:16.745" || v.BaseModel != "SD 1.5" || v.ModelID != 43331 {
		t.Errorf("version 0 = %+v", v)
	}
	if f := v.Files[0]; f.SizeKB != 2082642.474609375 || !f.Primary || f.Hashes["SHA256"] == "" || f.Metadata == nil || f.Metadata.Format != "SafeTensor" {
		t.Errorf("file 0 = %+v", f)
	}
	if img := v.Images[0]; img.NSFWLevel != (NSFWLevel{Flags: 1}) || img.Width == 0 {
		t.Errorf("image 0 = %+v", img)
	}
	if f := r.Items[1].ModelVersions[0].Files[0]; f.Primary {
		t.Errorf("item 1 file 0 is primary; the sample has it unset")
	}
	md := r.Metadata
	if md == nil || string(md.NextCursor) != `"22138|364671|25494"` || md.CurrentPage != 1 || md.PageSize != 10 ||
		md.NextPage != "https://api.civitai.com/api/v1/models?limit=10&page=1&sort=Highest%20Rated&types=Checkpoint&cursor=22138%7C364671%7C25494" {
		t.Errorf("metadata = %+v", md)
	}
}

func TestDecodeSampleItem2025(t *testing.T) {
	var m Model
	if err := json.Unmarshal(readSample(t, "civitai-model-item-2025.json"), &m); err != nil {
		t.Fatal(err)
	}
	if m.ID != 140272 || m.NSFWLevel.Flags != 31 || m.Availability != "Public" || !m.SupportsGeneration || m.Cosmetic != nil && string(m.Cosmetic) != "null" {
		t.Errorf("model = id %d nsfwLevel %+v availability %q gen %v cosmetic %s", m.ID, m.NSFWLevel, m.Availability, m.SupportsGeneration, m.Cosmetic)
	}
	if !reflect.DeepEqual(m.AllowCommercialUse, CommercialUse{"RentCivit", "Rent", "Image"}) {
		t.Errorf("allowCommercialUse = %q", m.AllowCommercialUse)
	}
	if got := strings.Join(m.AllowCommercialUse.Normalize(), ","); got != "Image,RentCivit,Rent" {
		t.Errorf("Normalize() = %q", got)
	}
	v := m.ModelVersions[0]
	if v.Status != "Published" || v.CreatedAt != "2025-07-14T23:41:24.964Z" || v.Files[0].Hashes["AutoV3"] != "E45A888AA8F8" || v.Images[0].RemixOfID != nil {
		t.Errorf("version 0 = %+v", v)
	}
	if got := m.ModelVersions[1].TrainedWords; !reflect.DeepEqual(got, []string{"1girl"}) {
		t.Errorf("version 1 trainedWords = %q", got)
	}
}

func TestCommercialUse(t *testing.T) {
	tests := []struct {
		in      string
		want    CommercialUse
		normal  string
		wantErr bool
	}{
		{in: `["Image"]`, want: CommercialUse{"Image"}, normal: "Image"},
		{in: `["Sell","Image","Image"]`, want: CommercialUse{"Sell", "Image", "Image"}, normal: "Image,Sell"},
		{in: `"{Image,RentCivit}"`, want: CommercialUse{"Image", "RentCivit"}, normal: "Image,RentCivit"},
		{in: `"{\"Image\", Rent}"`, want: CommercialUse{"Image", "Rent"}, normal: "Image,Rent"},
		{in: `"{}"`, want: nil, normal: ""},
		{in: `"Sell"`, want: CommercialUse{"Sell"}, normal: "Sell"},
		{in: `"None"`, want: CommercialUse{"None"}, normal: "None"},
		{in: `""`, want: nil, normal: ""},
		{in: `[]`, want: nil, normal: ""},
		{in: `null`, want: nil, normal: ""},
		{in: `[null,"Rent"]`, want: CommercialUse{"Rent"}, normal: "Rent"},
		{in: `["Zeta","Sell","Alpha","RentCivit","None","Sell"]`, want: CommercialUse{"Zeta", "Sell", "Alpha", "RentCivit", "None", "Sell"}, normal: "None,RentCivit,Sell,Alpha,Zeta"},
		{in: `true`, wantErr: true},
		{in: `{"a":1}`, wantErr: true},
		{in: `[1]`, wantErr: true},
	}
	for _, tt := range tests {
		var got struct {
			C CommercialUse `json:"c"`
		}
		err := json.Unmarshal([]byte(`{"c":`+tt.in+`}`), &got)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if !reflect.DeepEqual(got.C, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.in, got.C, tt.want)
		}
		if l := strings.Join(got.C.Normalize(), ","); l != tt.normal {
			t.Errorf("%s: Normalize() = %q, want %q", tt.in, l, tt.normal)
		}
	}
}

func TestNSFWLevel(t *testing.T) {
	tests := []struct {
		in      string
		want    NSFWLevel
		out     string // re-encoded
		wantErr bool
	}{
		{in: `31`, want: NSFWLevel{Flags: 31}, out: `31`},
		{in: `"Soft"`, want: NSFWLevel{Legacy: "Soft"}, out: `"Soft"`},
		{in: `null`, want: NSFWLevel{}, out: `0`},
		{in: `1.5`, wantErr: true},
		{in: `[1]`, wantErr: true},
	}
	for _, tt := range tests {
		var got struct {
			L NSFWLevel `json:"l"`
		}
		err := json.Unmarshal([]byte(`{"l":`+tt.in+`}`), &got)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if got.L != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.in, got.L, tt.want)
		}
		b, err := json.Marshal(got.L)
		if err != nil || string(b) != tt.out {
			t.Errorf("%s: Marshal = %s, %v; want %s", tt.in, b, err, tt.out)
		}
	}
}

func TestErrorBody(t *testing.T) {
	tests := []struct {
		in, err, msg, code string
	}{
		{`{"error":"You've requested too many pages, please use cursors instead"}`, `"You've requested too many pages, please use cursors instead"`, "", ""},
		{`{"error":{"name":"ZodError","message":"[]"}}`, `{"name":"ZodError","message":"[]"}`, "", ""},
		{`{"error":[{"code":"invalid_type"}]}`, `[{"code":"invalid_type"}]`, "", ""},
		{`{"message":"An unexpected error occurred","error":"URI malformed"}`, `"URI malformed"`, "An unexpected error occurred", ""},
		{`{"error":"canceling statement due to statement timeout","code":"57014"}`, `"canceling statement due to statement timeout"`, "", "57014"},
	}
	for _, tt := range tests {
		var e ErrorBody
		if err := json.Unmarshal([]byte(tt.in), &e); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if string(e.Error) != tt.err || e.Message != tt.msg || e.Code != tt.code {
			t.Errorf("%s: got %+v (error %s)", tt.in, e, e.Error)
		}
	}
}
