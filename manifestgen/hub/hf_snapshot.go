package hub

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// hfSeed is the fixed seed of the Hugging Face snapshot.
const hfSeed = 0x48554747494e47 // "HUGGING"

// hfSentinel is the createdAt of repos created before the Hub tracked it.
var hfSentinel = time.Date(2022, time.March, 2, 23, 29, 4, 0, time.UTC)

// hfModel is one Hugging Face repo of the snapshot.
type hfModel struct {
	oid        string // _id
	id         string
	author     string
	likes      int64
	trending   int64
	downloads  int64 // last 30 days
	allTime    int64
	tags       []string
	pipeline   string
	library    string
	created    time.Time
	modified   time.Time
	sha        string
	gated      any // false, "auto" or "manual"
	dtypes     []hfDtype
	paramTotal int64 // safetensors total; 0: no safetensors
	gguf       *hfGGUF
	storage    int64 // bytes
	seed       uint64
}

// hfDtype is the parameter count stored in one dtype.
type hfDtype struct {
	name  string
	count int64
}

// hfGGUF is the gguf metadata of a GGUF repo.
type hfGGUF struct {
	total   int64
	arch    string
	context int
}

// hfSnapshot is the Hugging Face half of the snapshot, with every sort order
// precomputed.
type hfSnapshot struct {
	models []*hfModel
	sorted map[string][]*hfModel
}

// hfSorts are the accepted sort keys; the first is the default.
var hfSorts = []string{"trendingScore", "downloads", "likes", "createdAt", "lastModified"}

// hfBase is an official repo that community repos derive from.
type hfBase struct {
	m      *hfModel
	name   string // part after the slash
	params float64
	arch   string
	lic    string
	fam    *hfFamily
}

// buildHF generates the Hugging Face snapshot from seed.
func buildHF(seed uint64) *hfSnapshot {
	g := newGen(seed, 1)
	b := &hfBuilder{g: g, ids: map[string]bool{}, bases: map[string][]hfBase{}}
	b.users = hfUsers(g)
	for i := range hfFamilies {
		b.addFamily(&hfFamilies[i])
	}
	for _, t := range hfTargets {
		pipe, target := t.v, int(t.w)
		pool := b.bases[pipe]
		switch pipe {
		case "":
			pool = b.bases[pTextGen]
		case pTextClass, pTokClass:
			pool = append(slices.Clone(pool), b.bases[pFillMask]...)
		}
		for n := len(b.bases[pipe]); n < target; n++ {
			b.derive(pipe, pool)
		}
	}

	s := &hfSnapshot{models: b.models}
	s.sortAll()
	return s
}

// sortAll computes every listing order of s.models.
func (s *hfSnapshot) sortAll() {
	s.sorted = map[string][]*hfModel{}
	for _, sort := range hfSorts {
		order := slices.Clone(s.models)
		slices.SortFunc(order, func(x, y *hfModel) int { return compareHF(sort, x, y) })
		s.sorted[sort] = order
	}
}

// hfSortValue is m's value for a sort key (dates in Unix milliseconds).
func hfSortValue(sort string, m *hfModel) int64 {
	switch sort {
	case "downloads":
		return m.downloads
	case "likes":
		return m.likes
	case "createdAt":
		return m.created.UnixMilli()
	case "lastModified":
		return m.modified.UnixMilli()
	default:
		return m.trending
	}
}

// compareHF orders listings: value descending, then _id ascending.
func compareHF(sort string, x, y *hfModel) int {
	if c := cmp.Compare(hfSortValue(sort, y), hfSortValue(sort, x)); c != 0 {
		return c
	}
	return strings.Compare(x.oid, y.oid)
}

type hfBuilder struct {
	g      *gen
	users  []string
	ids    map[string]bool
	models []*hfModel
	bases  map[string][]hfBase // officials by pipeline
}

// hfUsers makes community user and org names.
func hfUsers(g *gen) []string {
	seen := map[string]bool{}
	var users []string
	for len(users) < 320 {
		first, word := pick(g, hfFirstNames), pick(g, hfOrgWords)
		var u string
		switch g.intn(6) {
		case 0:
			u = first + itoa(g.between(1, 999))
		case 1:
			u = first + "-" + word
		case 2:
			u = word + "-" + first
		case 3:
			u = titleWord(first) + titleWord(pick(g, civUserTails))
		case 4:
			u = pick(g, civUserHeads) + "-" + word
		default:
			u = first + string(rune('a'+g.intn(26))) + itoa(g.between(10, 99))
		}
		if !seen[u] {
			seen[u] = true
			users = append(users, u)
		}
	}
	return users
}

// addFamily adds a family's official repos.
func (b *hfBuilder) addFamily(f *hfFamily) {
	g := b.g
	for tok := range strings.FieldsSeq(f.models) {
		parts := strings.Split(tok, ":")
		name := parts[0]
		params, err := strconv.ParseFloat(parts[1], 64)
		if err != nil {
			panic("hub: bad params in catalog entry " + tok)
		}
		lic := f.license
		if len(parts) > 2 {
			lic = parts[2]
		}
		created := hfSentinel
		if f.date != "" {
			d, err := time.Parse(time.DateOnly, f.date)
			if err != nil {
				panic("hub: bad date in catalog family " + f.org)
			}
			created = d.Add(time.Duration(g.between(0, 3*24*3600)) * time.Second)
		}
		m := b.newModel(f.org+"/"+name, f.pipe, f.lib, created)
		m.downloads = int64(f.pop * g.lognormal(1.0) * 40000)
		m.likes = int64(math.Sqrt(float64(m.downloads)) * g.uniform(0.4, 2.5) * math.Sqrt(f.pop))
		if f.gated != "" {
			m.gated = f.gated
		}
		if f.lib == "gguf" {
			m.gguf = &hfGGUF{total: int64(cmp.Or(params, 11.9) * 1e9), arch: cmp.Or(f.arch, "flux"), context: 0}
		} else if f.dtype != "" && params > 0 {
			b.setParams(m, params, f.dtype)
		}
		ctx := []string{}
		if isChatName(name) && (f.pipe == pTextGen || f.pipe == pVLM) {
			ctx = append(ctx, "conversational")
		}
		m.tags = hfTags(m, f.arch, strings.Fields(f.tags), ctx, nil, lic)
		b.finish(m)
		b.bases[f.pipe] = append(b.bases[f.pipe], hfBase{m: m, name: name, params: params, arch: f.arch, lic: lic, fam: f})
	}
}

// newModel creates a repo with identity and dates; counters come later.
func (b *hfBuilder) newModel(id, pipe, lib string, created time.Time) *hfModel {
	g := b.g
	b.ids[strings.ToLower(id)] = true
	author, _, _ := strings.Cut(id, "/")
	m := &hfModel{
		id:       id,
		author:   author,
		pipeline: pipe,
		library:  lib,
		created:  created.Truncate(time.Second),
		sha:      g.hex(40),
		gated:    false,
		seed:     g.r.Uint64(),
	}
	m.oid = strconv.FormatInt(m.created.Unix(), 16) + g.hex(16)
	age := ReferenceDate.Sub(m.created)
	m.modified = m.created.Add(time.Duration(g.float() * g.float() * float64(age))).Truncate(time.Millisecond)
	return m
}

// finish derives trending score, all-time downloads and storage, and adds m.
func (b *hfBuilder) finish(m *hfModel) {
	g := b.g
	ageDays := ReferenceDate.Sub(m.created).Hours() / 24
	recent := math.Min(ageDays, ReferenceDate.Sub(m.modified).Hours()/24+30)
	m.trending = int64(float64(m.likes) * (0.015 + math.Exp(-recent/90)) * g.uniform(0.1, 0.9))
	if m.trending == 0 && g.chance(0.2) {
		m.trending = 1
	}
	m.allTime = m.downloads * int64(2+math.Min(ageDays/30, 40)*g.uniform(0.3, 1))
	switch {
	case m.paramTotal > 0:
		m.storage = m.paramTotal * 2
	case m.gguf != nil:
		m.storage = m.gguf.total * 4
	default:
		m.storage = int64(g.between(5, 20000)) * mB
	}
	b.models = append(b.models, m)
}

// setParams records safetensors parameters of the given total and dtype.
func (b *hfBuilder) setParams(m *hfModel, billions float64, dtype string) {
	total := int64(billions*1e9) + int64(b.g.intn(1_000_000))
	if dtype == "BF16" && b.g.chance(0.15) {
		small := total / 2000
		m.dtypes = []hfDtype{{"BF16", total - small}, {"F32", small}}
	} else {
		m.dtypes = []hfDtype{{dtype, total}}
	}
	m.paramTotal = total
}

// setPacked records the distorted counts of packed quantized weights: packed
// integers hold several parameters each, plus float scales.
func (b *hfBuilder) setPacked(m *hfModel, billions float64, packed string, perElem int64, scale string) {
	p := int64(billions * 1e9)
	q := p / perElem
	s := int64(float64(p) * b.g.uniform(0.02, 0.04))
	m.dtypes = []hfDtype{{packed, q}, {scale, s}}
	m.paramTotal = q + s
}

var sizeInName = regexp.MustCompile(`(?i)(\d+(?:\.\d+)?x)?\d+(?:\.\d+)?[bm]\b`)

// derive adds one community repo of pipeline pipe, built on a base from pool.
func (b *hfBuilder) derive(pipe string, pool []hfBase) {
	g := b.g
	var base hfBase
	switch pipe {
	case pT2I:
		base = hfPickBase(g, pool, "black-forest-labs/FLUX.1-dev", "stabilityai/stable-diffusion-xl-base-1.0")
	case pASR:
		base = hfPickBase(g, pool, "openai/whisper-small", "openai/whisper-large-v3")
	default:
		ws := make([]weighted[int], len(pool))
		for i, p := range pool {
			ws[i] = weighted[int]{i, p.fam.pop}
		}
		base = pool[pickWeighted(g, ws)]
	}
	user := pick(g, b.users)
	lic := base.lic
	if g.chance(0.2) {
		lic = pick(g, []string{"apache-2.0", "mit", "mit", "other", "cc-by-nc-4.0", "openrail"})
	}
	lib := base.fam.lib
	rel := "finetune"
	extra := []string{}
	kindFactor := 0.6
	var id string
	var setSize func(m *hfModel)

	switch pipe {
	case pTextGen, pVLM:
		kind := pickWeighted(g, []weighted[string]{{"gguf", 25}, {"finetune", 40}, {"mlx", 8}, {"awq", 7}, {"fp8", 4}, {"merge", 6}, {"abliterated", 5}})
		switch kind {
		case "gguf":
			user = pick(g, hfGGUFUsers)
			suffix := pick(g, []string{"-GGUF", "-GGUF", "-GGUF", "-i1-GGUF"})
			if g.chance(0.3) {
				user, suffix = pick(g, b.users), pick(g, []string{"-Q4_K_M-GGUF", "-Q8_0-GGUF", "-Q5_K_M-GGUF"})
			}
			id, lib, rel, kindFactor = user+"/"+base.name+suffix, "gguf", "quantized", 3
			extra = append(extra, "gguf", "imatrix")
			setSize = func(m *hfModel) {
				m.gguf = &hfGGUF{total: int64(base.params * 1e9), arch: cmp.Or(base.arch, "llama"), context: cmp.Or(hfGGUFContext[base.arch], 4096)}
			}
		case "mlx":
			bits := pick(g, []string{"4bit", "4bit", "8bit", "6bit", "bf16"})
			id, lib, rel, kindFactor = "mlx-community/"+base.name+"-"+bits, "mlx", "quantized", 1.2
			extra = append(extra, "mlx")
			setSize = func(m *hfModel) {
				switch bits {
				case "4bit":
					b.setPacked(m, base.params, "U32", 8, "BF16")
				case "6bit":
					b.setPacked(m, base.params, "U32", 5, "BF16")
				case "8bit":
					b.setPacked(m, base.params, "U32", 4, "BF16")
				default:
					b.setParams(m, base.params, "BF16")
				}
			}
		case "awq":
			user = pick(g, []string{"TheBloke", "hugging-quants", "casperhansen", "Qwen", "solidrust"})
			id, rel, kindFactor = user+"/"+base.name+pick(g, []string{"-AWQ", "-GPTQ", "-GPTQ-Int4", "-AWQ-INT4"}), "quantized", 1.5
			extra = append(extra, "4-bit", pick(g, []string{"awq", "gptq"}))
			setSize = func(m *hfModel) { b.setPacked(m, base.params, "I32", 8, "F16") }
		case "fp8":
			user = pick(g, []string{"RedHatAI", "neuralmagic"})
			id, rel, kindFactor = user+"/"+base.name+pick(g, []string{"-FP8-dynamic", "-FP8", "-quantized.w8a8"}), "quantized", 1.5
			extra = append(extra, "fp8", "vllm", "compressed-tensors")
			setSize = func(m *hfModel) {
				p := int64(base.params * 1e9)
				m.dtypes = []hfDtype{{"F8_E4M3", p * 97 / 100}, {"BF16", p - p*97/100}}
				m.paramTotal = p
			}
		case "merge":
			size := sizeInName.FindString(base.name)
			name := pick(g, hfNewModelNames) + "-" + pick(g, []string{"Merge", "slerp", "TIES", "DARE"})
			if size != "" {
				name += "-" + strings.ToUpper(size)
			}
			id, rel = user+"/"+name, "merge"
			extra = append(extra, "mergekit", "merge")
		case "abliterated":
			user = pick(g, []string{"huihui-ai", "mlabonne", "failspy", user})
			id = user + "/" + base.name + "-abliterated"
			extra = append(extra, "abliterated", "uncensored")
		default:
			if g.chance(0.2) {
				name := pick(g, hfNewModelNames)
				if size := sizeInName.FindString(base.name); size != "" {
					name += "-" + strings.ToUpper(size)
				}
				id = user + "/" + name + "-" + pick(g, []string{"Instruct", "Chat", "v1", "v2", "Preview"})
			} else {
				id = user + "/" + base.name + "-" + pick(g, hfTextGenSuffixes)
			}
			extra = append(extra, pick(g, []string{"trl", "unsloth", "axolotl", "llama-factory"}), pick(g, []string{"sft", "dpo", "grpo", "generated_from_trainer"}))
		}
		if setSize == nil && base.params > 0 {
			setSize = func(m *hfModel) { b.setParams(m, base.params, "BF16") }
		}
	case "":
		id = user + "/" + base.name + pick(g, []string{"-lora", "-adapter", "-qlora-" + pick(g, hfDomains), "-lora-" + pick(g, hfTextGenSuffixes)})
		lib, rel, kindFactor = "peft", "adapter", 0.3
		extra = append(extra, "lora", pick(g, []string{"sft", "trl", "unsloth", "generated_from_trainer"}))
	case pT2I:
		style := strings.ToLower(strings.ReplaceAll(pick(g, civStyles), " ", "-"))
		switch {
		case g.chance(0.3) && strings.Contains(base.m.id, "xl"):
			id, rel = pick(g, []string{"John6666", user})+"/"+strings.ToLower(pick(g, civCheckpointHeads)+"-"+pick(g, civCheckpointTails))+"-sdxl", "finetune"
			extra = append(extra, "safetensors", "stable-diffusion", "stable-diffusion-xl", pick(g, civCheckpointStyles), "en")
		case strings.Contains(base.m.id, "FLUX"):
			id, rel = user+"/"+pick(g, []string{"flux-", "FLUX-", "flux1-", ""})+style+"-lora", "adapter"
			extra = append(extra, "lora", "template:sd-lora", "ai-toolkit", "flux", "flux-diffusers")
		default:
			id, rel = user+"/sdxl-"+style+"-lora", "adapter"
			extra = append(extra, "lora", "template:sd-lora", "stable-diffusion-xl")
		}
		kindFactor = 0.4
	case pSentSim:
		id = user + "/" + base.name + pick(g, []string{"-finetuned-", "-", "-ft-"}) + pick(g, hfDomains) + pick(g, []string{"", "-matryoshka", "-v1"})
		extra = append(extra, "feature-extraction", "generated_from_trainer", "dataset_size:"+itoa(g.between(1, 500)*100),
			"loss:"+pick(g, []string{"MultipleNegativesRankingLoss", "MatryoshkaLoss", "CosineSimilarityLoss"}))
	case pASR:
		lang := pick(g, hfLangs)
		id = user + "/" + base.name + "-" + lang + pick(g, []string{"", "", "-v2", "-cv11", "-finetuned"})
		if strings.HasPrefix(base.name, "wav2vec2-base") && g.chance(0.3) {
			id = user + "/" + base.name + "-timit-demo-colab" + itoa(g.between(1, 99))
		}
		extra = append(extra, "tensorboard", "generated_from_trainer", lang, "dataset:mozilla-foundation/common_voice_11_0")
	case pImgClass:
		id = user + "/" + base.name + "-finetuned-" + pick(g, hfImageDatasets)
		extra = append(extra, "tensorboard", "generated_from_trainer", "dataset:imagefolder")
	case pTextClass:
		id = user + "/" + base.name + "-finetuned-" + pick(g, hfTextDatasets)
		extra = append(extra, "tensorboard", "generated_from_trainer")
	case pTokClass:
		id = user + "/" + base.name + "-finetuned-" + pick(g, hfTokenTasks)
		extra = append(extra, "generated_from_trainer")
	case pFillMask:
		id = user + "/" + base.name + "-finetuned-" + pick(g, hfFillMaskData)
		extra = append(extra, "generated_from_trainer")
	default:
		id = user + "/" + base.name + "-" + pick(g, hfGenericTasks) + "-" + pick(g, hfDomains)
		extra = append(extra, "generated_from_trainer")
	}
	if setSize == nil && base.params > 0 && pipe != "" && rel != "adapter" && base.fam.dtype != "" {
		dtype := base.fam.dtype
		setSize = func(m *hfModel) { b.setParams(m, base.params, dtype) }
	}
	for try := 2; b.ids[strings.ToLower(id)]; try++ {
		if try == 2 {
			id += "-v2"
		} else {
			id = strings.TrimSuffix(id, "-v"+itoa(try-1)) + "-v" + itoa(try)
		}
	}

	baseDay := base.m.created
	created := baseDay.Add(time.Duration(math.Pow(g.float(), 1.7) * float64(ReferenceDate.Sub(baseDay))))
	created = created.Add(time.Hour + time.Duration(g.intn(3600))*time.Second)
	if created.After(ReferenceDate) {
		created = ReferenceDate.Add(-time.Duration(g.between(1800, 86400)) * time.Second)
	}
	m := b.newModel(id, pipe, lib, created)
	m.downloads = int64(g.lognormal(1.8) * 350 * kindFactor * math.Sqrt(base.fam.pop))
	m.likes = int64(math.Sqrt(float64(m.downloads)) * g.uniform(0.02, 0.7))
	if setSize != nil {
		setSize(m)
	}
	var ctx []string
	if isChatName(base.name) && (pipe == pTextGen || pipe == pVLM) {
		ctx = append(ctx, "conversational")
	}
	baseTags := []string{"base_model:" + base.m.id, "base_model:" + rel + ":" + base.m.id}
	if rel == "adapter" && pipe == "" {
		baseTags = []string{"base_model:adapter:" + base.m.id}
	}
	m.tags = hfTags(m, base.arch, extra, ctx, baseTags, lic)
	b.finish(m)
}

// hfPickBase prefers the first of ids in the pool (70%), then the second
// (20%), else any base.
func hfPickBase(g *gen, pool []hfBase, ids ...string) hfBase {
	u := g.float()
	for i, id := range ids {
		if u < []float64{0.7, 0.9}[i] {
			for _, b := range pool {
				if b.m.id == id {
					return b
				}
			}
		}
	}
	return pick(g, pool)
}

// isChatName reports whether a repo name marks a chat/instruct model.
func isChatName(name string) bool {
	l := strings.ToLower(name)
	for _, w := range []string{"instruct", "chat", "-it", "thinking", "hermes", "zephyr", "r1", "reasoning", "k2", "m2", "glm-4", "gpt-oss", "qwen3-"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// hfTags builds a tag list in the Hub's usual order: library, format,
// architecture, extras, pipeline, chat, base models, license, then the
// Hub's own tags.
func hfTags(m *hfModel, arch string, extra, chat, baseTags []string, license string) []string {
	var tags []string
	if m.library != "" {
		tags = append(tags, m.library)
	}
	if m.paramTotal > 0 {
		tags = append(tags, "safetensors")
	}
	if arch != "" && m.gguf == nil {
		tags = append(tags, arch)
	}
	tags = append(tags, extra...)
	if m.pipeline != "" {
		tags = append(tags, m.pipeline)
	}
	tags = append(tags, chat...)
	tags = append(tags, baseTags...)
	if license != "" {
		tags = append(tags, "license:"+license)
	}
	if m.library == "transformers" && (m.pipeline == pTextGen || m.pipeline == pVLM) {
		tags = append(tags, "autotrain_compatible")
		switch arch {
		case "llama", "qwen2", "qwen3", "mistral", "gemma", "gemma2", "mixtral", "falcon", "gpt_neox", "starcoder2":
			tags = append(tags, "text-generation-inference")
		}
	}
	if m.library != "" {
		tags = append(tags, "endpoints_compatible")
	}
	tags = append(tags, "region:us")
	seen := map[string]bool{}
	return slices.DeleteFunc(tags, func(t string) bool {
		dup := seen[t]
		seen[t] = true
		return dup
	})
}
