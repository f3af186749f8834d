// Writes a tiny but real transformers.js model directory (no download, no weights to ship):
// a BERT WordPiece tokenizer over a small vocabulary and an ONNX graph that is one Gather from a
// seeded embedding table, i.e. last_hidden_state[b, s] = table[input_ids[b, s]]. It is not a
// language model; it exercises the service's real path (config/tokenizer/ONNX loading through
// transformers.js + onnxruntime-node, padding, masked mean pooling, normalization) with outputs
// the test can compute independently from `table` and `vocab`.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const WORDS = "the a cat dog sat on mat ran in park my i love climbing mountains tax return was filed late rock hiking weekend".split(" ");
export const vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", ...WORDS];

// ---- a minimal protobuf writer, enough for onnx.proto's ModelProto
const varint = (n) => {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
};
const key = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => [...key(field, 0), ...varint(n)];
const bytes = (field, data) => [...key(field, 2), ...varint(data.length), ...data];
const str = (field, s) => bytes(field, [...Buffer.from(s)]);
const msg = (field, parts) => bytes(field, parts.flat());

const FLOAT = 1;
const INT64 = 7;
const dim = (d) => msg(1, typeof d === "number" ? [int(1, d)] : [str(2, d)]);
const valueInfo = (field, name, elemType, dims) => msg(field, [str(1, name), msg(2, [msg(1, [int(1, elemType), msg(2, dims.map(dim))])])]);

/** Deterministic pseudo-random table [vocab × dims] (a seeded LCG), shared with the test. */
export function makeTable(dims, seed = 7) {
  let s = seed;
  return vocab.map(() => Array.from({ length: dims }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1));
}

function onnxModel(table, dims) {
  const raw = Buffer.from(Float32Array.from(table.flat()).buffer);
  const graph = [
    msg(1, [
      str(1, "table"),
      str(1, "input_ids"),
      str(2, "last_hidden_state"),
      str(3, "lookup"),
      str(4, "Gather"),
      msg(5, [str(1, "axis"), int(3, 0), int(20, 2)]),
    ]),
    str(2, "tiny-bag-of-embeddings"),
    msg(5, [int(1, table.length), int(1, dims), int(2, FLOAT), str(8, "table"), bytes(9, [...raw])]),
    valueInfo(11, "input_ids", INT64, ["batch_size", "sequence_length"]),
    valueInfo(12, "last_hidden_state", FLOAT, ["batch_size", "sequence_length", dims]),
  ];
  return Buffer.from([...int(1, 8), ...str(2, "digital-self test"), ...msg(7, graph), ...msg(8, [str(1, ""), int(2, 13)])]);
}

/** Writes `<root>/<name>/{config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx}`. */
export function writeTinyModel(root, { name = "tiny-bert", dims = 16 } = {}) {
  const dir = join(root, name);
  mkdirSync(join(dir, "onnx"), { recursive: true });
  const table = makeTable(dims);
  writeFileSync(join(dir, "onnx/model.onnx"), onnxModel(table, dims));
  writeFileSync(
    join(dir, "config.json"),
    JSON.stringify({ model_type: "bert", architectures: ["BertModel"], hidden_size: dims, vocab_size: vocab.length, max_position_embeddings: 64 }),
  );
  writeFileSync(
    join(dir, "tokenizer_config.json"),
    JSON.stringify({
      tokenizer_class: "BertTokenizer",
      do_lower_case: true,
      model_max_length: 64,
      pad_token: "[PAD]",
      unk_token: "[UNK]",
      cls_token: "[CLS]",
      sep_token: "[SEP]",
    }),
  );
  const special = (id, content) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  writeFileSync(
    join(dir, "tokenizer.json"),
    JSON.stringify({
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"].map((t, i) => special(i, t)),
      normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: "BertPreTokenizer" },
      post_processor: {
        type: "TemplateProcessing",
        single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
        pair: [
          { SpecialToken: { id: "[CLS]", type_id: 0 } },
          { Sequence: { id: "A", type_id: 0 } },
          { SpecialToken: { id: "[SEP]", type_id: 0 } },
          { Sequence: { id: "B", type_id: 1 } },
          { SpecialToken: { id: "[SEP]", type_id: 1 } },
        ],
        special_tokens: { "[CLS]": { id: "[CLS]", ids: [2], tokens: ["[CLS]"] }, "[SEP]": { id: "[SEP]", ids: [3], tokens: ["[SEP]"] } },
      },
      decoder: { type: "WordPiece", prefix: "##", cleanup: true },
      model: {
        type: "WordPiece",
        unk_token: "[UNK]",
        continuing_subword_prefix: "##",
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((w, i) => [w, i])),
      },
    }),
  );
  return { dir, name, dims, table };
}
