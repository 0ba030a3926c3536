/**
 * The Gemini API key for complexity analysis. The empty placeholder lets a stage deploy without
 * one: the config loader reads a blank key as absent and the static analyzer answers instead.
 */
export const geminiApiKey = new sst.Secret("GeminiApiKey", "");
