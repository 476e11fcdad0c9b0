--- The `glean` command: argument parsing (argparse) and dispatch to the commands.
-- bin/glean calls main(arg) and exits with its result.
local argparse = require "argparse"
local util = require "glean.cli.util"

local M = {}

local EPILOG = [[
Examples:
  glean tokens examples/huawei-5g.txt | head -c 300
  glean sents --jsonl --text-field body corpus.jsonl -o sents.jsonl
  glean compile places.tsv -o places.glz
  glean ents -g places.glz news/ --jobs 2 -o ents.jsonl
  glean run extract.lua -g places.glz --jsonl - < corpus.jsonl > out.jsonl
  glean show -g places.glz examples/huawei-5g.txt
  glean show --html -g places.glz examples/huawei-5g.txt -o huawei.html
  glean help run

Output: JSON Lines, one record per document in input order, each with "id" (the JSON
Lines id field, else the file's path). Offsets are 0-based and end-exclusive: "start"/"end"
in bytes, "char_start"/"char_end" in code points.
Exit status: 0 all went well; 1 a document failed (reported on stderr with its id and the
reason); 2 bad usage or set-up (unknown option, missing input, unreadable gazetteer or
script); 141 the reader of the output went away (e.g. `| head`).]]

local function input_options(cmd, opts)
  local call = "glean " .. cmd._name .. (cmd._name == "run" and " extract.lua" or "")
  cmd:argument("inputs",
    "Files, directories (read recursively) or - for standard input (the default).\n"
    .. "Example: " .. call .. " examples/huawei-5g.txt news/")
    :args("*")
  cmd:flag("--jsonl",
    "Inputs are JSON Lines, one document per line (automatic for .jsonl and .ndjson files); "
    .. "on stdin without it, all of stdin is one document.\n"
    .. "Example: cat corpus.jsonl | " .. call .. " --jsonl -")
  cmd:option("--text-field",
    "JSON field holding the text (default text); implies --jsonl.\n"
    .. "Example: --text-field body")
    :argname("<field>")
  cmd:option("--id-field",
    "JSON field holding the document id (default id; without it, path:line).\n"
    .. "Example: --id-field url")
    :argname("<field>")
  cmd:option("--date-field",
    "JSON field holding the article date, passed as meta.date (default date).\n"
    .. "Example: --date-field published")
    :argname("<field>")
  cmd:option("--meta-date",
    "The article date when the input has none (meta.date, the reference for relative dates).\n"
    .. "Example: --meta-date 2019-02-05")
    :argname("<date>")
  cmd:option("--glob",
    "Which files to read from directories, by base name (default *.txt).\n"
    .. "Example: --glob '*.md'")
    :argname("<pattern>")
  cmd:option("--lang",
    "Tokenizer rules: en (default) or none (language-neutral).\nExample: --lang none")
    :choices({ "en", "none" })
  cmd:option("--invalid",
    "Invalid UTF-8: error (the document fails; default) or replace (each bad byte becomes "
    .. "U+FFFD, offsets still point into the original bytes).\nExample: --invalid replace")
    :choices({ "error", "replace" })
  if opts.gazetteer then
    cmd:option("-g --gazetteer",
      "A gazetteer: a compiled .glz file (see glean compile; memory-mapped, shared by the "
      .. "workers) or a phrase list .tsv (phrase<TAB>label[<TAB>id]). Repeat for several; "
      .. "on overlaps the earlier one wins.\nExample: -g places.glz -g people.tsv")
      :argname("<file>"):count("*")
  end
  if opts.recognizer then
    cmd:flag("--lists-only", "Only the --gazetteer lists: no built-in news entity recognizer "
      .. "(glean.extract.entities).\nExample: glean ents --lists-only -g places.glz news/")
  end
  cmd:option("-o --output", "Write to this file instead of standard output.\n"
    .. "Example: -o " .. (opts.html and "view.txt" or "out.jsonl"))
    :argname("<file>")
  if opts.jobs then
    cmd:option("-j --jobs",
      "Worker processes (default 1: none, all in this process; 0 = one per CPU). Output "
      .. "stays in input order.\n"
      .. "Example: --jobs 2")
      :argname("<n>"):convert(function(s)
        local n = math.tointeger(tonumber(s))
        if not n or n < 0 then return nil, "--jobs: a count of processes expected, got " .. s end
        return n
      end)
  end
  cmd:option("--on-error",
    "When a document fails (invalid UTF-8, bad JSON, a script error): stop (default) ends "
    .. "the run, skip goes on. Either way it is reported on stderr with its id and the "
    .. "exit status is 1; what was written before stays valid JSON Lines.\n"
    .. "Example: --on-error skip")
    :choices({ "stop", "skip" }):default("stop"):show_default(false)
  cmd:mutex(
    cmd:flag("--progress",
      "Show progress on stderr (documents, MB, docs/s, ETA) even when stderr is not a "
      .. "terminal (it is shown on a terminal anyway).\nExample: --progress 2> progress.log"),
    cmd:flag("-q --quiet", "No progress or summary on stderr (failures are still reported).\n"
      .. "Example: -q"))
  cmd:option("--worker"):hidden(true) -- internal: --jobs starts workers with it
end

local function build_parser()
  local parser = argparse("glean",
    "Tokens, sentences and entities of news text, as JSON Lines or a coloured view.")
    :epilog(EPILOG)
    :help_max_width(100)
  parser:flag("--version", "Print the version and exit."):action(function()
    local glean = require "glean"
    print(("glean %s (Unicode %s)"):format(glean.version, glean.unicode_version))
    os.exit(0)
  end)
  parser:command_target("command")
  parser:add_help_command()

  local tokens = parser:command("tokens", "Tokens of each document: text, byte and code-point offsets.")
    :epilog([[Record: {"id":…,"tokens":[{"text":"Huawei","start":0,"end":6,"char_start":0,"char_end":6},…]}
Example: glean tokens examples/huawei-5g.txt
         glean tokens --tsv --header examples/huawei-5g.txt | column -t -s $'\t' | head]])
  input_options(tokens, { gazetteer = false, jobs = true })
  tokens:flag("--tsv",
    "Tab-separated lines instead of JSON, one per token: id, i (1-based), start, end, "
    .. "char_start, char_end, text (tab, newline, CR and \\ written as \\t \\n \\r \\\\).\n"
    .. "Example: glean tokens --tsv article.txt")
  tokens:flag("--header", "With --tsv: a first line naming the columns.\nExample: --tsv --header")

  local sents = parser:command("sents", "Sentences of each document, with their offsets.")
    :epilog([[Record: {"id":…,"sentences":[{"text":…,"start":…,"end":…,"char_start":…,"char_end":…},…]}
Example: glean sents examples/huawei-5g.txt]])
  input_options(sents, { gazetteer = false, jobs = true })

  local ents = parser:command("ents")
    :summary("Entities: your gazetteers, then the built-in news recognizer.")
    :description([[Entities of each document: the --gazetteer lists first (on overlaps they win),
then glean.extract.entities, the built-in news recognizer (PERSON ORG GPE LOC NORP DATE from
built-in lists, capitalisation and context); --lists-only keeps just your lists.]])
    :epilog([[Record: {"id":…,"ents":[{"text":"Huawei","label":"ORG","id":"Q160120","source":"places",
         "start":0,"end":6,"char_start":0,"char_end":6},…]}
Example: glean ents examples/huawei-5g.txt
         glean ents -g examples/huawei-world.tsv examples/huawei-5g.txt]])
  input_options(ents, { gazetteer = true, jobs = true, recognizer = true })

  local run = parser:command("run")
    :summary("Run an extraction script over every document.")
    :description([[Run an extraction script over every document.
SCRIPT.lua is loaded once per process with a context table as its argument
({glean=, nlp=, gazetteers=, args=}) and returns a function (doc, meta). meta.id is the JSON
Lines id or the file's path, meta.path the file (nil on stdin), meta.date the article
date when known, meta.record the JSON Lines record. The function returns a record (a
table), a list of records, or nil; each record is written as one JSON line, with "id"
added when it has none. Documents are annotated with the --gazetteer lists first.]])
    :epilog([[Example script (places.lua):
  local ctx = ...
  return function(doc, meta)
    local out = {}
    for _, e in ipairs(doc.ents) do out[#out + 1] = { doc = meta.id, place = e.text } end
    return out
  end
Example: glean run places.lua -g examples/huawei-world.tsv examples/huawei-5g.txt]])
  run:argument("script", "The Lua script.\nExample: glean run extract.lua news/")
  input_options(run, { gazetteer = true, jobs = true })
  run:option("--arg", "KEY=VALUE for the script, as ctx.args.KEY (repeatable).\n"
    .. "Example: --arg min_count=3"):argname("<key=value>"):count("*")
  run:flag("--no-id", "Do not add the document id to records without an \"id\" field.\n"
    .. "Example: --no-id")

  local showc = parser:command("show")
    :summary("A readable view of documents, their entities and quotes (terminal or --html).")
    :description([[A readable view of documents: in the terminal, the text with entities coloured
and labelled, then the quotes with their speakers and a legend; with --html, a standalone
page (entities highlighted, quotes linked to their speakers, a legend). Entities come from
the --gazetteer lists and the built-in recognizer (--lists-only: the lists alone). Colours
only on a terminal and without NO_COLOR; otherwise entities read [text](LABEL).]])
    :epilog([[Example: glean show -g examples/huawei-world.tsv examples/huawei-5g.txt
         glean show --html -g places.glz article.txt -o article.html]])
  input_options(showc, { gazetteer = true, jobs = false, html = true, recognizer = true })
  showc:flag("--html", "Write a standalone HTML page (entities highlighted with labels, a legend, a "
    .. "table of entities per document) instead of the terminal view.\n"
    .. "Example: glean show --html -g places.glz article.txt -o article.html")
  showc:option("--color", "Colours in the terminal view: auto (default), always or never.\n"
    .. "Example: --color always | less -R")
    :choices({ "auto", "always", "never" }):default("auto"):show_default(false)

  local compile = parser:command("compile", "Compile a phrase list into a gazetteer file (.glz).")
    :epilog([[LIST.tsv lines: phrase<TAB>label[<TAB>id]; '#' comments and blank lines are skipped.
The file opens in milliseconds (memory-mapped) with glean ents/run/show -g FILE.glz, and must
be used with the same --lang it was compiled with.
Example: glean compile examples/huawei-world.tsv -o huawei-world.glz]])
  compile:argument("list", "The phrase list.\nExample: glean compile places.tsv")
  compile:option("-o --output", "The compiled file (default: the list's name with .glz).\n"
    .. "Example: -o places.glz"):argname("<file>")
  compile:option("--key", "What entries match on: norm (case, accents and typographic "
    .. "punctuation folded; default), lower, or text (exact).\nExample: --key lower")
    :choices({ "norm", "lower", "text" })
  compile:option("--name", "The gazetteer's name, the source of its matches (default: the file's "
    .. "base name).\nExample: --name places"):argname("<name>")
  compile:option("--lang", "Tokenizer rules of the documents it will match: en (default) or none.\n"
    .. "Example: --lang none"):choices({ "en", "none" })
  compile:flag("-q --quiet", "No report on stderr.\nExample: -q")
  return parser
end

M.build_parser = build_parser

--- main(argv) -> exit status
function M.main(argv)
  local parser = build_parser()
  local ok, args = parser:pparse(argv)
  if not ok then
    local cmd = argv[1]
    io.stderr:write("glean: ", args, "\n")
    local known = { tokens = 1, sents = 1, ents = 1, run = 1, show = 1, compile = 1 }
    io.stderr:write(("Try 'glean help%s'.\n"):format(known[cmd] and (" " .. cmd) or ""))
    return util.EXIT_USAGE
  end
  local command = args.command
  if command == "compile" then
    return require("glean.cli.compile").main(args)
  end
  if args.text_field then args.jsonl = true end
  return require("glean.cli.runner").run(command, args, argv)
end

return M
