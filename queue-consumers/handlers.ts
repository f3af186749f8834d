// Importing this module registers every job handler with the registry.
// Each capability adds one import line here (knowledge indexing, avatar training, video generation).
import "../worker/modules/avatar/avatar.jobs";
import "../worker/modules/video/video.jobs";
import "../worker/modules/knowledge/knowledge.jobs";
