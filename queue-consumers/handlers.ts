// Importing this module registers every job handler with the registry.
// Each capability adds one import line here (knowledge indexing, avatar training, video generation).
import "./avatar-training";
import "./video-generation";
import "./knowledge-indexing";
