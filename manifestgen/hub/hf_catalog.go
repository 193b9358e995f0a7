package hub

// hfFamily is a group of official repos sharing an org, release date,
// license and format. models is a space-separated list of
// "Name:params[:license]" with params in billions (0: no safetensors info).
type hfFamily struct {
	pipe    string  // pipeline_tag
	org     string  // author
	lib     string  // library_name
	arch    string  // model type tag ("llama", "qwen2", ...), may be empty
	license string  // license tag value
	date    string  // release date YYYY-MM-DD; "" = created before tracking (sentinel createdAt)
	dtype   string  // safetensors dtype; "" = no safetensors
	gated   string  // "", "auto" or "manual"
	pop     float64 // popularity multiplier
	tags    string  // extra tags, space-separated
	models  string
}

const (
	pTextGen   = "text-generation"
	pT2I       = "text-to-image"
	pSentSim   = "sentence-similarity"
	pASR       = "automatic-speech-recognition"
	pImgClass  = "image-classification"
	pTextClass = "text-classification"
	pFillMask  = "fill-mask"
	pTokClass  = "token-classification"
	pFeatExt   = "feature-extraction"
	pVLM       = "image-text-to-text"
	pTransl    = "translation"
	pSumm      = "summarization"
	pTTS       = "text-to-speech"
	pObjDet    = "object-detection"
	pT2V       = "text-to-video"
	pZeroShot  = "zero-shot-classification"
	pZeroImg   = "zero-shot-image-classification"
)

var hfFamilies = []hfFamily{
	// text-generation
	{pTextGen, "meta-llama", "transformers", "llama", "llama2", "2023-07-18", "F16", "manual", 3, "facebook meta pytorch llama-2 en", "Llama-2-7b-hf:6.74 Llama-2-7b-chat-hf:6.74 Llama-2-13b-hf:13.02 Llama-2-13b-chat-hf:13.02 Llama-2-70b-hf:68.98 Llama-2-70b-chat-hf:68.98"},
	{pTextGen, "meta-llama", "transformers", "llama", "llama3", "2024-04-17", "BF16", "manual", 4, "facebook meta pytorch llama-3 en", "Meta-Llama-3-8B:8.03 Meta-Llama-3-8B-Instruct:8.03 Meta-Llama-3-70B:70.55 Meta-Llama-3-70B-Instruct:70.55"},
	{pTextGen, "meta-llama", "transformers", "llama", "llama3.1", "2024-07-18", "BF16", "manual", 6, "facebook meta pytorch llama-3 en de fr it pt hi es th", "Llama-3.1-8B:8.03 Llama-3.1-8B-Instruct:8.03 Llama-3.1-70B:70.55 Llama-3.1-70B-Instruct:70.55 Llama-3.1-405B-Instruct:405.85"},
	{pTextGen, "meta-llama", "transformers", "llama", "llama3.2", "2024-09-18", "BF16", "manual", 6, "facebook meta pytorch llama-3 en de fr it pt hi es th", "Llama-3.2-1B:1.24 Llama-3.2-1B-Instruct:1.24 Llama-3.2-3B:3.21 Llama-3.2-3B-Instruct:3.21"},
	{pTextGen, "meta-llama", "transformers", "llama", "llama3.3", "2024-11-26", "BF16", "manual", 4, "facebook meta pytorch llama-3 en", "Llama-3.3-70B-Instruct:70.55"},
	{pTextGen, "Qwen", "transformers", "qwen2", "apache-2.0", "2024-09-16", "BF16", "", 7, "chat en", "Qwen2.5-0.5B:0.49 Qwen2.5-0.5B-Instruct:0.49 Qwen2.5-1.5B:1.54 Qwen2.5-1.5B-Instruct:1.54 Qwen2.5-3B-Instruct:3.09:other Qwen2.5-7B:7.62 Qwen2.5-7B-Instruct:7.62 Qwen2.5-14B:14.77 Qwen2.5-14B-Instruct:14.77 Qwen2.5-32B-Instruct:32.76 Qwen2.5-72B-Instruct:72.71:other Qwen2.5-Coder-1.5B-Instruct:1.54 Qwen2.5-Coder-7B-Instruct:7.62 Qwen2.5-Coder-14B-Instruct:14.77 Qwen2.5-Coder-32B-Instruct:32.76 Qwen2.5-Math-1.5B-Instruct:1.54 Qwen2.5-Math-7B-Instruct:7.62"},
	{pTextGen, "Qwen", "transformers", "qwen3", "apache-2.0", "2025-04-28", "BF16", "", 8, "", "Qwen3-0.6B:0.75 Qwen3-1.7B:2.03 Qwen3-4B:4.02 Qwen3-8B:8.19 Qwen3-14B:14.77 Qwen3-32B:32.76 Qwen3-30B-A3B:30.53 Qwen3-235B-A22B:235.09 Qwen3-4B-Instruct-2507:4.02 Qwen3-4B-Thinking-2507:4.02 Qwen3-30B-A3B-Instruct-2507:30.53 Qwen3-Coder-30B-A3B-Instruct:30.53 Qwen3-0.6B-Base:0.6 Qwen3-8B-Base:8.19"},
	{pTextGen, "Qwen", "transformers", "qwen2", "apache-2.0", "2024-06-06", "BF16", "", 3, "chat en", "Qwen2-0.5B-Instruct:0.49 Qwen2-1.5B-Instruct:1.54 Qwen2-7B-Instruct:7.62 Qwen2-72B-Instruct:72.71:other"},
	{pTextGen, "mistralai", "transformers", "mistral", "apache-2.0", "2023-09-27", "BF16", "auto", 4, "pretrained en", "Mistral-7B-v0.1:7.24 Mistral-7B-Instruct-v0.1:7.24 Mistral-7B-Instruct-v0.2:7.24 Mistral-7B-Instruct-v0.3:7.25 Mistral-Nemo-Instruct-2407:12.25 Mistral-Small-24B-Instruct-2501:23.57 Ministral-8B-Instruct-2410:8.02:other Mistral-Large-Instruct-2411:122.61:other"},
	{pTextGen, "mistralai", "transformers", "mixtral", "apache-2.0", "2023-12-11", "BF16", "auto", 3, "en fr it de es", "Mixtral-8x7B-v0.1:46.7 Mixtral-8x7B-Instruct-v0.1:46.7 Mixtral-8x22B-Instruct-v0.1:140.62"},
	{pTextGen, "google", "transformers", "gemma2", "gemma", "2024-06-27", "BF16", "manual", 4, "", "gemma-2-2b:2.61 gemma-2-2b-it:2.61 gemma-2-9b:9.24 gemma-2-9b-it:9.24 gemma-2-27b-it:27.23"},
	{pTextGen, "google", "transformers", "gemma", "gemma", "2024-02-21", "BF16", "manual", 2, "", "gemma-2b:2.51 gemma-2b-it:2.51 gemma-7b:8.54 gemma-7b-it:8.54 codegemma-7b-it:8.54"},
	{pTextGen, "google", "transformers", "gemma3_text", "gemma", "2025-03-12", "BF16", "manual", 4, "", "gemma-3-1b-it:1.0 gemma-3-1b-pt:1.0 gemma-3-270m:0.27 gemma-3-270m-it:0.27"},
	{pTextGen, "microsoft", "transformers", "phi3", "mit", "2024-04-22", "BF16", "", 4, "nlp code en", "Phi-3-mini-4k-instruct:3.82 Phi-3-mini-128k-instruct:3.82 Phi-3-medium-4k-instruct:13.96 Phi-3.5-mini-instruct:3.82 Phi-3.5-MoE-instruct:41.87 phi-4:14.66 Phi-4-mini-instruct:3.84 Phi-4-reasoning:14.66 Phi-4-mini-reasoning:3.84 Phi-4-mini-flash-reasoning:3.85"},
	{pTextGen, "microsoft", "transformers", "phi", "mit", "2023-12-13", "F16", "", 3, "nlp code en", "phi-2:2.78 phi-1_5:1.42 phi-1:1.42"},
	{pTextGen, "microsoft", "transformers", "gpt2", "mit", "", "F32", "", 2, "pytorch tf jax conversational", "DialoGPT-small:0.12 DialoGPT-medium:0.35 DialoGPT-large:0.76"},
	{pTextGen, "deepseek-ai", "transformers", "qwen2", "mit", "2025-01-20", "BF16", "", 6, "", "DeepSeek-R1-Distill-Qwen-1.5B:1.78 DeepSeek-R1-Distill-Qwen-7B:7.62 DeepSeek-R1-Distill-Qwen-14B:14.77 DeepSeek-R1-Distill-Qwen-32B:32.76"},
	{pTextGen, "deepseek-ai", "transformers", "llama", "mit", "2025-01-20", "BF16", "", 4, "", "DeepSeek-R1-Distill-Llama-8B:8.03 DeepSeek-R1-Distill-Llama-70B:70.55"},
	{pTextGen, "deepseek-ai", "transformers", "deepseek_v3", "mit", "2024-12-25", "BF16", "", 5, "custom_code fp8", "DeepSeek-V3:684.53 DeepSeek-R1:684.53 DeepSeek-V3-0324:684.53 DeepSeek-R1-0528:684.53 DeepSeek-V3.1:684.53"},
	{pTextGen, "deepseek-ai", "transformers", "llama", "other", "2023-11-01", "BF16", "", 1.5, "", "deepseek-coder-1.3b-instruct:1.35 deepseek-coder-6.7b-instruct:6.74 deepseek-coder-33b-instruct:33.34 deepseek-llm-7b-chat:6.91 deepseek-math-7b-instruct:6.91"},
	{pTextGen, "TinyLlama", "transformers", "llama", "apache-2.0", "2023-12-30", "BF16", "", 3, "en", "TinyLlama-1.1B-Chat-v1.0:1.1 TinyLlama_v1.1:1.1 TinyLlama-1.1B-intermediate-step-1431k-3T:1.1"},
	{pTextGen, "HuggingFaceTB", "transformers", "llama", "apache-2.0", "2024-10-31", "BF16", "", 3, "en", "SmolLM2-135M:0.13 SmolLM2-135M-Instruct:0.13 SmolLM2-360M-Instruct:0.36 SmolLM2-1.7B-Instruct:1.71 SmolLM2-1.7B:1.71"},
	{pTextGen, "HuggingFaceTB", "transformers", "smollm3", "apache-2.0", "2025-07-08", "BF16", "", 2, "en fr es it pt zh ar ru", "SmolLM3-3B:3.08 SmolLM3-3B-Base:3.08"},
	{pTextGen, "EleutherAI", "transformers", "gpt_neox", "apache-2.0", "2023-02-13", "F16", "", 2, "pytorch causal-lm pythia en", "pythia-70m:0.07 pythia-160m:0.16 pythia-410m:0.41 pythia-1b:1.01 pythia-1.4b:1.41 pythia-2.8b:2.78 pythia-6.9b:6.86 pythia-12b:11.85 gpt-neox-20b:20.55"},
	{pTextGen, "EleutherAI", "transformers", "gpt_neo", "mit", "", "F32", "", 2, "pytorch jax text generation causal-lm en", "gpt-neo-125m:0.13 gpt-neo-1.3B:1.32 gpt-neo-2.7B:2.72"},
	{pTextGen, "EleutherAI", "transformers", "gptj", "apache-2.0", "", "F32", "", 1, "pytorch causal-lm en", "gpt-j-6b:6.05"},
	{pTextGen, "openai-community", "transformers", "gpt2", "mit", "", "F32", "", 8, "pytorch tf jax tflite rust onnx exbert en", "gpt2:0.14 gpt2-medium:0.38 gpt2-large:0.81 gpt2-xl:1.61 openai-gpt:0.12"},
	{pTextGen, "distilbert", "transformers", "gpt2", "apache-2.0", "", "F32", "", 2, "pytorch tf jax exbert en", "distilgpt2:0.09"},
	{pTextGen, "facebook", "transformers", "opt", "other", "", "F16", "", 2, "pytorch tf jax en", "opt-125m:0.13 opt-350m:0.33 opt-1.3b:1.32 opt-2.7b:2.65 opt-6.7b:6.66 opt-13b:12.85 opt-30b:29.97"},
	{pTextGen, "tiiuae", "transformers", "falcon", "apache-2.0", "2023-04-24", "BF16", "", 2, "en", "falcon-7b:6.92 falcon-7b-instruct:6.92 falcon-40b:41.84 falcon-40b-instruct:41.84 falcon-mamba-7b:7.27"},
	{pTextGen, "tiiuae", "transformers", "llama", "other", "2024-12-17", "BF16", "", 2, "falcon3", "Falcon3-1B-Instruct:1.67 Falcon3-3B-Instruct:3.23 Falcon3-7B-Instruct:7.46 Falcon3-10B-Instruct:10.31"},
	{pTextGen, "allenai", "transformers", "olmo2", "apache-2.0", "2024-11-26", "BF16", "", 2, "en", "OLMo-2-1124-7B-Instruct:7.3 OLMo-2-1124-13B-Instruct:13.72 OLMo-2-0425-1B-Instruct:1.48 OLMo-2-0325-32B-Instruct:32.23 OLMo-2-0425-1B:1.48"},
	{pTextGen, "openai", "transformers", "gpt_oss", "apache-2.0", "2025-08-05", "BF16", "", 8, "vllm mxfp4", "gpt-oss-20b:21.51 gpt-oss-120b:120.41"},
	{pTextGen, "moonshotai", "transformers", "kimi_k2", "other", "2025-07-11", "BF16", "", 4, "custom_code compressed-tensors", "Kimi-K2-Instruct:1026.47 Kimi-K2-Thinking:1026.47 Kimi-K2-Instruct-0905:1026.47"},
	{pTextGen, "MiniMaxAI", "transformers", "minimax_m2", "mit", "2025-10-22", "BF16", "", 4, "custom_code fp8", "MiniMax-M2:228.7"},
	{pTextGen, "zai-org", "transformers", "glm4_moe", "mit", "2025-07-28", "BF16", "", 3, "en zh", "GLM-4.5-Air:110.47 GLM-4.5:358.34 GLM-4.6:356.79"},
	{pTextGen, "THUDM", "transformers", "chatglm", "other", "2024-06-04", "BF16", "", 1.5, "glm chatglm thudm custom_code zh en", "glm-4-9b-chat:9.4 glm-4-9b:9.4"},
	{pTextGen, "01-ai", "transformers", "llama", "apache-2.0", "2023-11-02", "BF16", "", 1.5, "", "Yi-6B:6.06 Yi-34B:34.39 Yi-1.5-6B-Chat:6.06 Yi-1.5-9B-Chat:8.83 Yi-1.5-34B-Chat:34.39"},
	{pTextGen, "stabilityai", "transformers", "stablelm", "other", "2024-01-19", "F16", "", 1, "causal-lm en", "stablelm-2-1_6b:1.64 stablelm-zephyr-3b:2.8 stablelm-2-zephyr-1_6b:1.64"},
	{pTextGen, "ibm-granite", "transformers", "granite", "apache-2.0", "2024-12-18", "BF16", "", 2, "language granite-3.1", "granite-3.1-2b-instruct:2.53 granite-3.1-8b-instruct:8.17 granite-3.3-2b-instruct:2.53 granite-3.3-8b-instruct:8.17 granite-3.1-1b-a400m-instruct:1.33"},
	{pTextGen, "HuggingFaceH4", "transformers", "mistral", "mit", "2023-10-26", "BF16", "", 2, "generated_from_trainer en", "zephyr-7b-beta:7.24 zephyr-7b-alpha:7.24"},
	{pTextGen, "microsoft", "transformers", "llama", "other", "2023-11-14", "F32", "", 1, "orca orca2", "Orca-2-7b:6.74 Orca-2-13b:13.02"},
	{pTextGen, "nvidia", "transformers", "llama", "llama3.1", "2024-10-12", "BF16", "", 2, "nvidia llama3.1", "Llama-3.1-Nemotron-70B-Instruct-HF:70.55 Llama-3.1-Nemotron-Nano-8B-v1:8.03:other"},
	{pTextGen, "nvidia", "transformers", "nemotron_h", "other", "2025-08-18", "BF16", "", 2, "nvidia pytorch", "NVIDIA-Nemotron-Nano-9B-v2:8.89 NVIDIA-Nemotron-Nano-12B-v2:12.31 Nemotron-Mini-4B-Instruct:4.19"},
	{pTextGen, "NousResearch", "transformers", "llama", "llama3", "2024-07-28", "BF16", "", 2, "Llama-3 instruct finetune chatml axolotl roleplay chat en", "Hermes-3-Llama-3.1-8B:8.03 Hermes-3-Llama-3.1-70B:70.55 Hermes-2-Pro-Mistral-7B:7.24:apache-2.0 Nous-Hermes-2-Mixtral-8x7B-DPO:46.7:apache-2.0"},
	{pTextGen, "bigscience", "transformers", "bloom", "bigscience-bloom-rail-1.0", "", "F16", "", 2, "pytorch jax", "bloom-560m:0.56 bloom-1b7:1.72 bloomz-560m:0.56 bloom-7b1:7.07 bloomz-7b1:7.07 bloom:176.25"},
	{pTextGen, "apple", "transformers", "openelm", "other", "2024-04-12", "F32", "", 1, "custom_code", "OpenELM-270M-Instruct:0.27 OpenELM-1_1B-Instruct:1.08 OpenELM-3B-Instruct:3.04"},
	{pTextGen, "CohereLabs", "transformers", "cohere", "cc-by-nc-4.0", "2024-03-11", "F16", "manual", 1.5, "en fr de es it pt ja ko zh ar", "c4ai-command-r-v01:34.98 c4ai-command-r-plus:103.81 aya-expanse-8b:8.03 aya-expanse-32b:32.3"},
	{pTextGen, "internlm", "transformers", "internlm2", "other", "2024-07-02", "BF16", "", 1, "custom_code", "internlm2_5-7b-chat:7.74 internlm2_5-20b-chat:19.86 internlm2_5-1_8b-chat:1.89"},
	{pTextGen, "lmsys", "transformers", "llama", "llama2", "2023-07-29", "F16", "", 1, "pytorch", "vicuna-7b-v1.5:6.74 vicuna-13b-v1.5:13.02"},
	{pTextGen, "bigcode", "transformers", "starcoder2", "bigcode-openrail-m", "2024-02-20", "F32", "", 1.5, "code", "starcoder2-3b:3.03 starcoder2-7b:7.17 starcoder2-15b:15.96"},
	{pTextGen, "codellama", "transformers", "llama", "llama2", "2023-08-24", "BF16", "", 1.5, "llama-2 code", "CodeLlama-7b-hf:6.74 CodeLlama-7b-Instruct-hf:6.74 CodeLlama-13b-Instruct-hf:13.02 CodeLlama-34b-Instruct-hf:33.74"},
	{pTextGen, "upstage", "transformers", "llama", "cc-by-nc-4.0", "2023-12-12", "F16", "", 1, "en", "SOLAR-10.7B-Instruct-v1.0:10.73"},
	{pTextGen, "openchat", "transformers", "mistral", "apache-2.0", "2024-01-06", "BF16", "", 1, "openchat C-RLFT", "openchat-3.5-0106:7.24"},
	{pTextGen, "teknium", "transformers", "mistral", "apache-2.0", "2023-10-29", "BF16", "", 1, "instruct finetune chatml gpt4 synthetic data distillation en", "OpenHermes-2.5-Mistral-7B:7.24"},
	{pTextGen, "LiquidAI", "transformers", "lfm2", "other", "2025-07-10", "BF16", "", 2, "liquid lfm2 edge", "LFM2-350M:0.35 LFM2-700M:0.74 LFM2-1.2B:1.17 LFM2-2.6B:2.57"},
	{pTextGen, "ai21labs", "transformers", "jamba", "apache-2.0", "2024-03-28", "BF16", "", 1, "custom_code", "Jamba-v0.1:51.57"},
	{pTextGen, "Salesforce", "transformers", "codegen", "bsd-3-clause", "", "F32", "", 1, "", "codegen-350M-mono:0.36 codegen-2B-mono:2.79 codegen-6B-mono:6.0"},
	{pTextGen, "cerebras", "transformers", "gpt2", "apache-2.0", "2023-03-20", "F32", "", 0.5, "pytorch causal-lm en", "Cerebras-GPT-111M:0.11 Cerebras-GPT-1.3B:1.32 Cerebras-GPT-2.7B:2.7 Cerebras-GPT-13B:12.85"},

	// text-to-image
	{pT2I, "stabilityai", "diffusers", "", "openrail++", "2023-07-25", "", "", 6, "safetensors stable-diffusion-xl stable-diffusion", "stable-diffusion-xl-base-1.0:0 stable-diffusion-xl-refiner-1.0:0 stable-diffusion-2-1:0 stable-diffusion-2-1-base:0"},
	{pT2I, "stabilityai", "diffusers", "", "other", "2023-11-28", "", "", 4, "safetensors", "sdxl-turbo:0 sd-turbo:0 stable-diffusion-3-medium-diffusers:0 stable-diffusion-3.5-large:8.1 stable-diffusion-3.5-medium:2.5 stable-diffusion-3.5-large-turbo:8.1 stable-cascade:0"},
	{pT2I, "black-forest-labs", "diffusers", "", "other", "2024-07-31", "", "auto", 9, "safetensors en image-generation flux", "FLUX.1-dev:11.9 FLUX.1-Kontext-dev:11.9 FLUX.1-Krea-dev:11.9 FLUX.1-Fill-dev:11.9 FLUX.1-Canny-dev:11.9"},
	{pT2I, "black-forest-labs", "diffusers", "", "apache-2.0", "2024-07-31", "", "", 6, "safetensors en image-generation flux", "FLUX.1-schnell:11.9"},
	{pT2I, "stable-diffusion-v1-5", "diffusers", "", "creativeml-openrail-m", "2024-08-30", "", "", 5, "safetensors stable-diffusion stable-diffusion-diffusers", "stable-diffusion-v1-5:0 stable-diffusion-inpainting:0"},
	{pT2I, "CompVis", "diffusers", "", "creativeml-openrail-m", "", "", "", 2, "safetensors stable-diffusion stable-diffusion-diffusers", "stable-diffusion-v1-4:0"},
	{pT2I, "Qwen", "diffusers", "", "apache-2.0", "2025-08-04", "", "", 6, "safetensors en zh", "Qwen-Image:0 Qwen-Image-Edit:0 Qwen-Image-Edit-2509:0"},
	{pT2I, "HiDream-ai", "diffusers", "", "mit", "2025-04-06", "", "", 2, "safetensors image-generation HiDream.ai", "HiDream-I1-Full:0 HiDream-I1-Fast:0"},
	{pT2I, "playgroundai", "diffusers", "", "other", "2024-02-16", "", "", 1.5, "safetensors playground", "playground-v2.5-1024px-aesthetic:0"},
	{pT2I, "Kwai-Kolors", "diffusers", "", "apache-2.0", "2024-07-03", "", "", 1, "safetensors kolors", "Kolors:0 Kolors-diffusers:0"},
	{pT2I, "PixArt-alpha", "diffusers", "", "openrail++", "2024-03-06", "", "", 1, "safetensors Pixart-α", "PixArt-Sigma-XL-2-1024-MS:0 PixArt-XL-2-1024-MS:0"},
	{pT2I, "ByteDance", "diffusers", "", "openrail++", "2024-02-20", "", "", 2, "stable-diffusion lora", "SDXL-Lightning:0 Hyper-SD:0"},
	{pT2I, "latent-consistency", "diffusers", "", "openrail++", "2023-11-09", "", "", 1, "lora", "lcm-lora-sdxl:0 lcm-lora-sdv1-5:0"},
	{pT2I, "SG161222", "diffusers", "", "openrail++", "2024-02-14", "", "", 1.5, "safetensors stable-diffusion-xl", "RealVisXL_V4.0:0 RealVisXL_V5.0:0 Realistic_Vision_V6.0_B1_noVAE:0:creativeml-openrail-m"},
	{pT2I, "cagliostrolab", "diffusers", "", "other", "2024-03-15", "", "", 1.5, "safetensors stable-diffusion-xl anime", "animagine-xl-3.1:0 animagine-xl-4.0:0"},
	{pT2I, "city96", "gguf", "", "other", "2024-08-15", "", "", 2, "gguf image-generation flux", "FLUX.1-dev-gguf:0 FLUX.1-schnell-gguf:0:apache-2.0"},
	{pT2I, "XLabs-AI", "diffusers", "", "other", "2024-08-06", "", "", 1.5, "lora Stable Diffusion image-generation Flux", "flux-RealismLora:0 flux-lora-collection:0"},

	// sentence-similarity
	{pSentSim, "sentence-transformers", "sentence-transformers", "bert", "apache-2.0", "", "F32", "", 8, "pytorch tf rust onnx safetensors openvino feature-extraction en", "all-MiniLM-L6-v2:0.023 all-MiniLM-L12-v2:0.033 paraphrase-MiniLM-L6-v2:0.023 multi-qa-MiniLM-L6-cos-v1:0.023 paraphrase-multilingual-MiniLM-L12-v2:0.118 LaBSE:0.471 msmarco-MiniLM-L6-cos-v5:0.023 all-MiniLM-L6-v1:0.023 paraphrase-albert-small-v2:0.012"},
	{pSentSim, "sentence-transformers", "sentence-transformers", "mpnet", "apache-2.0", "", "F32", "", 6, "pytorch onnx safetensors openvino feature-extraction en", "all-mpnet-base-v2:0.109 multi-qa-mpnet-base-dot-v1:0.109 paraphrase-mpnet-base-v2:0.109 paraphrase-multilingual-mpnet-base-v2:0.278"},
	{pSentSim, "sentence-transformers", "sentence-transformers", "distilbert", "apache-2.0", "", "F32", "", 2, "pytorch safetensors feature-extraction", "msmarco-distilbert-base-v4:0.066 distiluse-base-multilingual-cased-v2:0.135 all-distilroberta-v1:0.082"},
	{pSentSim, "BAAI", "sentence-transformers", "bert", "mit", "2023-09-12", "F32", "", 7, "pytorch onnx safetensors feature-extraction mteb en", "bge-small-en-v1.5:0.033 bge-base-en-v1.5:0.109 bge-large-en-v1.5:0.335 bge-small-zh-v1.5:0.024 bge-large-zh-v1.5:0.326"},
	{pSentSim, "BAAI", "sentence-transformers", "xlm-roberta", "mit", "2024-01-27", "F32", "", 6, "pytorch onnx safetensors feature-extraction", "bge-m3:0.568"},
	{pSentSim, "BAAI", "sentence-transformers", "gemma2", "gemma", "2024-07-25", "F32", "", 1, "feature-extraction mteb", "bge-multilingual-gemma2:9.24"},
	{pSentSim, "intfloat", "sentence-transformers", "bert", "mit", "2023-05-19", "F32", "", 4, "pytorch onnx safetensors feature-extraction mteb en", "e5-small-v2:0.033 e5-base-v2:0.109 e5-large-v2:0.335"},
	{pSentSim, "intfloat", "sentence-transformers", "xlm-roberta", "mit", "2023-06-30", "F32", "", 5, "pytorch onnx safetensors feature-extraction mteb", "multilingual-e5-small:0.118 multilingual-e5-base:0.278 multilingual-e5-large:0.56 multilingual-e5-large-instruct:0.56"},
	{pSentSim, "intfloat", "sentence-transformers", "mistral", "mit", "2023-12-20", "F16", "", 1, "feature-extraction mteb en", "e5-mistral-7b-instruct:7.11"},
	{pSentSim, "thenlper", "sentence-transformers", "bert", "mit", "2023-07-27", "F32", "", 2, "pytorch onnx safetensors feature-extraction mteb en", "gte-small:0.033 gte-base:0.109 gte-large:0.335"},
	{pSentSim, "Alibaba-NLP", "sentence-transformers", "new", "apache-2.0", "2024-04-20", "F32", "", 3, "feature-extraction custom_code mteb", "gte-large-en-v1.5:0.434 gte-base-en-v1.5:0.137 gte-multilingual-base:0.305 gte-Qwen2-1.5B-instruct:1.78 gte-Qwen2-7B-instruct:7.61"},
	{pSentSim, "nomic-ai", "sentence-transformers", "nomic_bert", "apache-2.0", "2024-01-31", "F32", "", 4, "feature-extraction custom_code mteb en", "nomic-embed-text-v1:0.137 nomic-embed-text-v1.5:0.137 nomic-embed-text-v2-moe:0.475"},
	{pSentSim, "mixedbread-ai", "sentence-transformers", "bert", "apache-2.0", "2024-03-07", "F16", "", 3, "feature-extraction mteb en", "mxbai-embed-large-v1:0.335 mxbai-embed-xsmall-v1:0.024"},
	{pSentSim, "Snowflake", "sentence-transformers", "bert", "apache-2.0", "2024-04-12", "F32", "", 2, "feature-extraction mteb arctic snowflake-arctic-embed", "snowflake-arctic-embed-xs:0.023 snowflake-arctic-embed-s:0.033 snowflake-arctic-embed-m:0.109 snowflake-arctic-embed-l:0.335 snowflake-arctic-embed-m-v1.5:0.109 snowflake-arctic-embed-l-v2.0:0.568"},
	{pSentSim, "jinaai", "sentence-transformers", "xlm-roberta", "cc-by-nc-4.0", "2024-09-05", "BF16", "", 4, "feature-extraction custom_code mteb", "jina-embeddings-v3:0.572"},
	{pSentSim, "jinaai", "sentence-transformers", "bert", "apache-2.0", "2023-10-19", "F32", "", 2, "feature-extraction custom_code mteb en", "jina-embeddings-v2-base-en:0.137 jina-embeddings-v2-small-en:0.033"},
	{pSentSim, "Qwen", "sentence-transformers", "qwen3", "apache-2.0", "2025-06-03", "BF16", "", 5, "feature-extraction text-embeddings-inference", "Qwen3-Embedding-0.6B:0.6 Qwen3-Embedding-4B:4.02 Qwen3-Embedding-8B:7.57"},
	{pSentSim, "google", "sentence-transformers", "gemma3_text", "gemma", "2025-09-04", "F32", "manual", 3, "feature-extraction text-embeddings-inference", "embeddinggemma-300m:0.3"},
	{pSentSim, "ibm-granite", "sentence-transformers", "xlm-roberta", "apache-2.0", "2024-12-18", "BF16", "", 1, "feature-extraction language embeddings", "granite-embedding-278m-multilingual:0.278 granite-embedding-125m-english:0.125"},

	// automatic-speech-recognition
	{pASR, "openai", "transformers", "whisper", "apache-2.0", "", "F32", "", 8, "pytorch tf jax safetensors audio hf-asr-leaderboard en zh de es ru ko fr ja", "whisper-tiny:0.038 whisper-tiny.en:0.038 whisper-base:0.073 whisper-base.en:0.073 whisper-small:0.242 whisper-small.en:0.242 whisper-medium:0.764 whisper-medium.en:0.764 whisper-large:1.54 whisper-large-v2:1.54"},
	{pASR, "openai", "transformers", "whisper", "apache-2.0", "2023-11-07", "F16", "", 10, "pytorch jax safetensors audio hf-asr-leaderboard en zh de es ru ko fr ja", "whisper-large-v3:1.54 whisper-large-v3-turbo:0.809"},
	{pASR, "distil-whisper", "transformers", "whisper", "mit", "2023-10-24", "F16", "", 3, "pytorch onnx safetensors audio en", "distil-large-v3:0.756 distil-large-v2:0.756 distil-medium.en:0.394 distil-small.en:0.166 distil-large-v3.5:0.756"},
	{pASR, "facebook", "transformers", "wav2vec2", "apache-2.0", "", "F32", "", 4, "pytorch tf jax audio hf-asr-leaderboard en", "wav2vec2-base-960h:0.094 wav2vec2-large-960h:0.315 wav2vec2-large-960h-lv60-self:0.315 hubert-large-ls960-ft:0.315 data2vec-audio-base-960h:0.093"},
	{pASR, "facebook", "transformers", "wav2vec2", "cc-by-nc-4.0", "2023-05-22", "F32", "", 2, "mms", "mms-1b-all:0.965 mms-1b-fl102:0.965"},
	{pASR, "jonatasgrosman", "transformers", "wav2vec2", "apache-2.0", "", "F32", "", 3, "pytorch jax audio speech xlsr-fine-tuning-week hf-asr-leaderboard mozilla-foundation/common_voice_6_0", "wav2vec2-large-xlsr-53-english:0.315 wav2vec2-large-xlsr-53-chinese-zh-cn:0.315 wav2vec2-large-xlsr-53-russian:0.315 wav2vec2-large-xlsr-53-japanese:0.315 wav2vec2-large-xlsr-53-portuguese:0.315 wav2vec2-large-xlsr-53-spanish:0.315 wav2vec2-large-xlsr-53-german:0.315 wav2vec2-large-xlsr-53-french:0.315 wav2vec2-large-xlsr-53-italian:0.315 wav2vec2-large-xlsr-53-arabic:0.315 wav2vec2-large-xlsr-53-dutch:0.315 wav2vec2-large-xlsr-53-persian:0.315 wav2vec2-large-xlsr-53-polish:0.315"},
	{pASR, "nvidia", "nemo", "", "cc-by-4.0", "2025-04-29", "", "", 4, "speech audio FastConformer Conformer Parakeet TDT hf-asr-leaderboard en", "parakeet-tdt-0.6b-v2:0 parakeet-tdt-0.6b-v3:0 canary-1b-flash:0 canary-1b:0:cc-by-nc-4.0 parakeet-ctc-1.1b:0"},
	{pASR, "Systran", "ctranslate2", "", "mit", "2023-11-23", "", "", 3, "audio en zh de es ru ko fr ja", "faster-whisper-large-v3:0 faster-whisper-large-v2:0 faster-whisper-medium:0 faster-whisper-small:0 faster-whisper-base:0 faster-whisper-tiny:0"},
	{pASR, "ylacombe", "transformers", "whisper", "apache-2.0", "2024-01-10", "F32", "", 0.5, "generated_from_trainer", "whisper-large-v3-turbo-ft:0.809"},

	// image-classification
	{pImgClass, "google", "transformers", "vit", "apache-2.0", "", "F32", "", 5, "pytorch tf jax safetensors vision dataset:imagenet-1k dataset:imagenet-21k", "vit-base-patch16-224:0.087 vit-base-patch16-224-in21k:0.086 vit-large-patch16-224:0.304 vit-base-patch32-384:0.088"},
	{pImgClass, "microsoft", "transformers", "resnet", "apache-2.0", "", "F32", "", 4, "pytorch tf jax safetensors vision dataset:imagenet-1k", "resnet-50:0.026 resnet-18:0.012 resnet-152:0.06"},
	{pImgClass, "microsoft", "transformers", "swin", "apache-2.0", "", "F32", "", 2, "pytorch tf safetensors vision dataset:imagenet-1k", "swin-tiny-patch4-window7-224:0.028 swin-base-patch4-window7-224:0.088 beit-base-patch16-224:0.087"},
	{pImgClass, "facebook", "transformers", "convnext", "apache-2.0", "", "F32", "", 2, "pytorch tf safetensors vision dataset:imagenet-1k", "convnext-tiny-224:0.029 convnext-base-224:0.089 deit-base-patch16-224:0.087 deit-small-patch16-224:0.022"},
	{pImgClass, "timm", "timm", "", "apache-2.0", "2023-03-22", "F32", "", 5, "pytorch safetensors transformers dataset:imagenet-1k", "resnet50.a1_in1k:0.026 vit_base_patch16_224.augreg2_in21k_ft_in1k:0.087 convnext_small.fb_in22k:0.066 efficientnet_b0.ra_in1k:0.005 mobilenetv3_large_100.ra_in1k:0.005 resnet18.a1_in1k:0.012 vit_small_patch16_224.augreg_in21k_ft_in1k:0.022 convnext_base.fb_in22k_ft_in1k:0.089"},
	{pImgClass, "Falconsai", "transformers", "vit", "apache-2.0", "2023-10-13", "F32", "", 3, "pytorch safetensors", "nsfw_image_detection:0.086"},
	{pImgClass, "nateraw", "transformers", "vit", "apache-2.0", "", "F32", "", 1, "pytorch", "vit-age-classifier:0.086 food:0.086"},
	{pImgClass, "dima806", "transformers", "vit", "apache-2.0", "2023-09-15", "F32", "", 1, "", "facial_emotions_image_detection:0.086 deepfake_vs_real_image_detection:0.086 fairface_age_image_detection:0.086"},

	// text-classification
	{pTextClass, "distilbert", "transformers", "distilbert", "apache-2.0", "", "F32", "", 5, "pytorch tf rust onnx safetensors en dataset:sst2 dataset:glue", "distilbert-base-uncased-finetuned-sst-2-english:0.067"},
	{pTextClass, "cardiffnlp", "transformers", "roberta", "cc-by-4.0", "2022-03-16", "F32", "", 4, "pytorch tf safetensors en dataset:tweet_eval", "twitter-roberta-base-sentiment-latest:0.125 twitter-roberta-base-sentiment:0.125 twitter-roberta-base-emotion:0.125"},
	{pTextClass, "ProsusAI", "transformers", "bert", "other", "", "F32", "", 2, "pytorch tf jax financial-sentiment-analysis sentiment-analysis en", "finbert:0.11"},
	{pTextClass, "j-hartmann", "transformers", "roberta", "other", "", "F32", "", 2, "pytorch tf distilroberta sentiment emotion twitter reddit en", "emotion-english-distilroberta-base:0.082"},
	{pTextClass, "BAAI", "sentence-transformers", "xlm-roberta", "apache-2.0", "2024-03-15", "F32", "", 3, "transformers safetensors text-embeddings-inference", "bge-reranker-v2-m3:0.568 bge-reranker-base:0.278 bge-reranker-large:0.56"},
	{pTextClass, "cross-encoder", "sentence-transformers", "bert", "apache-2.0", "", "F32", "", 4, "pytorch jax onnx safetensors transformers en", "ms-marco-MiniLM-L6-v2:0.023 ms-marco-MiniLM-L12-v2:0.033 ms-marco-TinyBERT-L2-v2:0.004"},
	{pTextClass, "papluca", "transformers", "xlm-roberta", "mit", "", "F32", "", 2, "pytorch tf safetensors generated_from_trainer", "xlm-roberta-base-language-detection:0.278"},
	{pTextClass, "SamLowe", "transformers", "roberta", "mit", "2022-09-15", "F32", "", 2, "pytorch safetensors emotions multi-class-classification multi-label-classification en", "roberta-base-go_emotions:0.125"},
	{pTextClass, "unitary", "transformers", "bert", "apache-2.0", "", "F32", "", 1.5, "pytorch jax", "toxic-bert:0.11"},
	{pTextClass, "nlptown", "transformers", "bert", "mit", "", "F32", "", 1.5, "pytorch tf jax safetensors en nl de fr it es", "bert-base-multilingual-uncased-sentiment:0.168"},

	// fill-mask
	{pFillMask, "google-bert", "transformers", "bert", "apache-2.0", "", "F32", "", 9, "pytorch tf jax rust coreml onnx safetensors exbert en dataset:bookcorpus dataset:wikipedia", "bert-base-uncased:0.11 bert-base-cased:0.108 bert-large-uncased:0.336 bert-base-multilingual-cased:0.178 bert-base-chinese:0.102"},
	{pFillMask, "FacebookAI", "transformers", "roberta", "mit", "", "F32", "", 6, "pytorch tf jax rust safetensors exbert en", "roberta-base:0.125 roberta-large:0.355 xlm-roberta-base:0.278:mit xlm-roberta-large:0.56:mit"},
	{pFillMask, "distilbert", "transformers", "distilbert", "apache-2.0", "", "F32", "", 5, "pytorch tf jax rust safetensors exbert en", "distilbert-base-uncased:0.067 distilbert-base-cased:0.065 distilbert-base-multilingual-cased:0.135"},
	{pFillMask, "albert", "transformers", "albert", "apache-2.0", "", "F32", "", 1.5, "pytorch tf jax rust safetensors exbert en", "albert-base-v2:0.012"},
	{pFillMask, "answerdotai", "transformers", "modernbert", "apache-2.0", "2024-12-19", "F32", "", 3, "pytorch onnx safetensors masked-lm long-context en", "ModernBERT-base:0.15 ModernBERT-large:0.396"},
	{pFillMask, "emilyalsentzer", "transformers", "bert", "mit", "", "F32", "", 1.5, "pytorch tf jax en", "Bio_ClinicalBERT:0.108"},

	// token-classification
	{pTokClass, "dslim", "transformers", "bert", "mit", "", "F32", "", 4, "pytorch tf jax onnx safetensors en dataset:conll2003", "bert-base-NER:0.108 bert-large-NER:0.333 distilbert-NER:0.065"},
	{pTokClass, "Jean-Baptiste", "transformers", "camembert", "mit", "", "F32", "", 1.5, "pytorch onnx safetensors fr", "camembert-ner:0.11"},
	{pTokClass, "dbmdz", "transformers", "bert", "mit", "", "F32", "", 1.5, "pytorch tf jax rust safetensors en", "bert-large-cased-finetuned-conll03-english:0.333"},
	{pTokClass, "FacebookAI", "transformers", "xlm-roberta", "mit", "", "F32", "", 1.5, "pytorch rust safetensors", "xlm-roberta-large-finetuned-conll03-english:0.559"},
	{pTokClass, "flair", "flair", "", "other", "", "", "", 2, "pytorch sequence-tagger-model en dataset:conll2003", "ner-english:0 ner-english-large:0 ner-multi:0 pos-english:0"},
	{pTokClass, "blaze999", "transformers", "deberta-v2", "mit", "2024-01-10", "F32", "", 1, "generated_from_trainer medical", "Medical-NER:0.184"},
	{pTokClass, "urchade", "gliner", "", "apache-2.0", "2024-02-20", "", "", 2, "pytorch NER GLiNER information extraction encoder entity recognition", "gliner_medium-v2.1:0 gliner_multi-v2.1:0 gliner_small-v2.1:0"},

	// feature-extraction
	{pFeatExt, "facebook", "transformers", "dinov2", "apache-2.0", "2023-07-17", "F32", "", 4, "pytorch safetensors dino vision", "dinov2-small:0.022 dinov2-base:0.087 dinov2-large:0.304 dinov2-giant:1.14"},
	{pFeatExt, "facebook", "transformers", "bart", "apache-2.0", "", "F32", "", 2, "pytorch tf jax rust en", "bart-large:0.406 bart-base:0.139"},
	{pFeatExt, "microsoft", "transformers", "roberta", "other", "", "F32", "", 1.5, "pytorch tf jax rust", "codebert-base:0.125 graphcodebert-base:0.125"},
	{pFeatExt, "nvidia", "transformers", "nvembed", "cc-by-nc-4.0", "2024-08-26", "F16", "", 2, "safetensors custom_code mteb sentence-transformers", "NV-Embed-v2:7.85"},
	{pFeatExt, "jinaai", "transformers", "jina_clip", "cc-by-nc-4.0", "2024-11-05", "BF16", "", 1.5, "safetensors custom_code multilingual sentence-transformers", "jina-clip-v2:0.865 jina-embeddings-v4:3.75"},

	// image-text-to-text
	{pVLM, "Qwen", "transformers", "qwen2_5_vl", "apache-2.0", "2025-01-26", "BF16", "", 7, "multimodal conversational en", "Qwen2.5-VL-3B-Instruct:3.75:other Qwen2.5-VL-7B-Instruct:8.29 Qwen2.5-VL-32B-Instruct:33.45 Qwen2.5-VL-72B-Instruct:73.41:other"},
	{pVLM, "Qwen", "transformers", "qwen2_vl", "apache-2.0", "2024-08-28", "BF16", "", 3, "multimodal conversational en", "Qwen2-VL-2B-Instruct:2.21 Qwen2-VL-7B-Instruct:8.29"},
	{pVLM, "Qwen", "transformers", "qwen3_vl", "apache-2.0", "2025-09-22", "BF16", "", 5, "conversational", "Qwen3-VL-8B-Instruct:8.77 Qwen3-VL-30B-A3B-Instruct:31.07 Qwen3-VL-4B-Instruct:4.44 Qwen3-VL-2B-Instruct:2.13"},
	{pVLM, "google", "transformers", "gemma3", "gemma", "2025-03-12", "BF16", "manual", 6, "conversational", "gemma-3-4b-it:4.3 gemma-3-12b-it:12.19 gemma-3-27b-it:27.43 gemma-3n-E4B-it:7.85 gemma-3n-E2B-it:5.44"},
	{pVLM, "meta-llama", "transformers", "mllama", "llama3.2", "2024-09-18", "BF16", "manual", 3, "facebook meta pytorch llama llama-3 en", "Llama-3.2-11B-Vision-Instruct:10.67 Llama-3.2-90B-Vision-Instruct:88.65"},
	{pVLM, "meta-llama", "transformers", "llama4", "other", "2025-04-05", "BF16", "manual", 4, "facebook meta pytorch llama llama4", "Llama-4-Scout-17B-16E-Instruct:108.64 Llama-4-Maverick-17B-128E-Instruct:401.65"},
	{pVLM, "llava-hf", "transformers", "llava", "llama2", "2023-12-05", "F16", "", 2, "vision conversational en", "llava-1.5-7b-hf:7.06 llava-v1.6-mistral-7b-hf:7.57:apache-2.0 llava-onevision-qwen2-7b-ov-hf:8.03:apache-2.0"},
	{pVLM, "HuggingFaceTB", "transformers", "idefics3", "apache-2.0", "2024-11-26", "BF16", "", 2, "conversational en", "SmolVLM-Instruct:2.25 SmolVLM-256M-Instruct:0.26 SmolVLM2-2.2B-Instruct:2.25"},
	{pVLM, "microsoft", "transformers", "florence2", "mit", "2024-06-15", "F32", "", 3, "vision custom_code", "Florence-2-large:0.777 Florence-2-base:0.232"},
	{pVLM, "OpenGVLab", "transformers", "internvl_chat", "mit", "2024-12-05", "BF16", "", 2, "internvl custom_code conversational", "InternVL3-8B:7.94 InternVL2_5-8B:8.08 InternVL3-2B:2.09"},
	{pVLM, "vikhyatk", "transformers", "moondream1", "apache-2.0", "2024-03-04", "F16", "", 2, "custom_code", "moondream2:1.93"},

	// translation
	{pTransl, "Helsinki-NLP", "transformers", "marian", "apache-2.0", "", "F32", "", 4, "pytorch tf rust", "opus-mt-en-de:0.074 opus-mt-de-en:0.074 opus-mt-en-fr:0.075 opus-mt-fr-en:0.075 opus-mt-en-es:0.078 opus-mt-es-en:0.078 opus-mt-zh-en:0.077:cc-by-4.0 opus-mt-en-zh:0.077 opus-mt-mul-en:0.077 opus-mt-ru-en:0.076:cc-by-4.0 opus-mt-ja-en:0.076 opus-mt-en-ROMANCE:0.076"},
	{pTransl, "facebook", "transformers", "m2m_100", "cc-by-nc-4.0", "", "F32", "", 3, "pytorch nllb", "nllb-200-distilled-600M:0.615 nllb-200-distilled-1.3B:1.37 nllb-200-3.3B:3.3"},
	{pTransl, "facebook", "transformers", "m2m_100", "mit", "", "F32", "", 1.5, "pytorch rust", "m2m100_418M:0.484 m2m100_1.2B:1.24"},
	{pTransl, "google-t5", "transformers", "t5", "apache-2.0", "", "F32", "", 5, "pytorch tf jax rust onnx safetensors summarization text2text-generation en fr ro de", "t5-small:0.06 t5-base:0.223 t5-large:0.738"},
	{pTransl, "google", "transformers", "t5", "apache-2.0", "2023-11-27", "F32", "", 1, "text2text-generation", "madlad400-3b-mt:2.94"},

	// summarization
	{pSumm, "facebook", "transformers", "bart", "mit", "", "F32", "", 5, "pytorch tf jax rust safetensors en dataset:cnn_dailymail", "bart-large-cnn:0.406 bart-large-xsum:0.406"},
	{pSumm, "sshleifer", "transformers", "bart", "apache-2.0", "", "F32", "", 2, "pytorch jax en dataset:cnn_dailymail", "distilbart-cnn-12-6:0.306 distilbart-xsum-12-6:0.306"},
	{pSumm, "google", "transformers", "pegasus", "other", "", "F32", "", 1.5, "pytorch tf jax en", "pegasus-xsum:0.571 pegasus-large:0.571 pegasus-cnn_dailymail:0.571"},
	{pSumm, "philschmid", "transformers", "bart", "mit", "", "F32", "", 1.5, "pytorch sagemaker dataset:samsum", "bart-large-cnn-samsum:0.406"},
	{pSumm, "Falconsai", "transformers", "t5", "apache-2.0", "2023-10-21", "F32", "", 1.5, "pytorch safetensors en", "text_summarization:0.06 medical_summarization:0.06"},

	// text-to-speech
	{pTTS, "hexgrad", "", "", "apache-2.0", "2024-12-26", "", "", 6, "en", "Kokoro-82M:0"},
	{pTTS, "coqui", "coqui", "", "other", "2023-10-26", "", "", 4, "", "XTTS-v2:0"},
	{pTTS, "suno", "transformers", "bark", "mit", "2023-04-25", "", "", 3, "pytorch audio en de es fr hi it ja ko pl pt ru tr zh", "bark:0 bark-small:0"},
	{pTTS, "microsoft", "transformers", "speecht5", "mit", "", "F32", "", 3, "pytorch audio audio-to-audio", "speecht5_tts:0.144"},
	{pTTS, "facebook", "transformers", "vits", "cc-by-nc-4.0", "2023-09-01", "F32", "", 2, "pytorch mms", "mms-tts-eng:0.036 mms-tts-fra:0.036 mms-tts-deu:0.036"},
	{pTTS, "parler-tts", "transformers", "parler_tts", "apache-2.0", "2024-08-07", "F32", "", 1.5, "annotation", "parler-tts-mini-v1:0.88 parler-tts-large-v1:2.34"},
	{pTTS, "ResembleAI", "chatterbox", "", "mit", "2025-04-24", "", "", 3, "speech speech-generation voice-cloning multilingual-tts", "chatterbox:0"},
	{pTTS, "nari-labs", "", "", "apache-2.0", "2025-04-19", "BF16", "", 2, "model_hub_mixin pytorch_model_hub_mixin", "Dia-1.6B:1.61"},

	// object-detection
	{pObjDet, "facebook", "transformers", "detr", "apache-2.0", "", "F32", "", 4, "pytorch safetensors vision dataset:coco", "detr-resnet-50:0.041 detr-resnet-101:0.06"},
	{pObjDet, "hustvl", "transformers", "yolos", "apache-2.0", "", "F32", "", 2, "pytorch safetensors vision dataset:coco", "yolos-tiny:0.0065 yolos-small:0.031"},
	{pObjDet, "microsoft", "transformers", "table-transformer", "mit", "", "F32", "", 2, "pytorch safetensors", "table-transformer-detection:0.029 table-transformer-structure-recognition:0.029"},
	{pObjDet, "PekingU", "transformers", "rt_detr", "apache-2.0", "2024-04-11", "F32", "", 1.5, "vision", "rtdetr_r50vd:0.043 rtdetr_r18vd:0.02"},
	{pObjDet, "Ultralytics", "ultralytics", "", "agpl-3.0", "2023-01-10", "", "", 2, "ultralyticsplus yolov8 tracking instance-segmentation image-classification pose-estimation", "YOLOv8:0 YOLO11:0"},

	// text-to-video
	{pT2V, "Wan-AI", "diffusers", "", "apache-2.0", "2025-02-25", "", "", 5, "safetensors video video-generation en zh", "Wan2.1-T2V-14B:0 Wan2.1-T2V-1.3B:0 Wan2.2-T2V-A14B:0 Wan2.1-T2V-14B-Diffusers:0 Wan2.1-T2V-1.3B-Diffusers:0"},
	{pT2V, "tencent", "diffusers", "", "other", "2024-12-03", "", "", 3, "safetensors video", "HunyuanVideo:0"},
	{pT2V, "genmo", "diffusers", "", "apache-2.0", "2024-10-22", "", "", 1.5, "safetensors video genmo", "mochi-1-preview:0"},
	{pT2V, "Lightricks", "diffusers", "", "other", "2024-10-31", "", "", 3, "safetensors ltx-video image-to-video en", "LTX-Video:0"},
	{pT2V, "zai-org", "diffusers", "", "other", "2024-08-26", "", "", 1.5, "safetensors cogvideox video-generation en", "CogVideoX-5b:0 CogVideoX-2b:0:apache-2.0"},
	{pT2V, "ByteDance", "diffusers", "", "creativeml-openrail-m", "2024-03-19", "", "", 1.5, "animatediff", "AnimateDiff-Lightning:0"},

	// zero-shot-classification
	{pZeroShot, "facebook", "transformers", "bart", "mit", "", "F32", "", 5, "pytorch jax rust safetensors dataset:multi_nli", "bart-large-mnli:0.407"},
	{pZeroShot, "MoritzLaurer", "transformers", "deberta-v2", "mit", "2023-03-20", "F32", "", 2, "pytorch safetensors en", "DeBERTa-v3-base-mnli-fever-anli:0.184 deberta-v3-large-zeroshot-v2.0:0.435 mDeBERTa-v3-base-mnli-xnli:0.279"},
	{pZeroShot, "cross-encoder", "transformers", "deberta-v2", "apache-2.0", "", "F32", "", 1, "pytorch safetensors en", "nli-deberta-v3-base:0.184"},
	{pZeroShot, "joeddav", "transformers", "xlm-roberta", "mit", "", "F32", "", 1, "pytorch tf", "xlm-roberta-large-xnli:0.56"},
	{pZeroShot, "typeform", "transformers", "distilbert", "other", "", "F32", "", 1, "pytorch tf", "distilbert-base-uncased-mnli:0.067"},

	// zero-shot-image-classification
	{pZeroImg, "openai", "transformers", "clip", "other", "", "F32", "", 7, "pytorch tf jax safetensors vision", "clip-vit-base-patch32:0.151 clip-vit-large-patch14:0.428 clip-vit-base-patch16:0.15 clip-vit-large-patch14-336:0.428"},
	{pZeroImg, "google", "transformers", "siglip", "apache-2.0", "2024-01-08", "F32", "", 4, "vision", "siglip-so400m-patch14-384:0.878 siglip-base-patch16-224:0.203 siglip2-base-patch16-224:0.375 siglip2-so400m-patch14-384:1.14"},
	{pZeroImg, "laion", "open_clip", "", "mit", "2023-01-03", "F32", "", 2, "pytorch safetensors clip", "CLIP-ViT-H-14-laion2B-s32B-b79K:0.986 CLIP-ViT-B-32-laion2B-s34B-b79K:0.151 CLIP-ViT-bigG-14-laion2B-39B-b160k:2.54"},
	{pZeroImg, "patrickjohncyh", "transformers", "clip", "mit", "2023-02-21", "F32", "", 1, "vision language fashion ecommerce en", "fashion-clip:0.151"},
}
