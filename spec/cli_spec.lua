-- The `glean` command (bin/glean), run as a subprocess on fixtures and the bundled
-- article; outputs are checked exactly (JSON parsed with cjson) against the library.
local cjson = require "cjson"
local glean = require "glean"
local h = require "spec.helpers"

local BUILD = os.getenv("GLEAN_BUILD_DIR") or "build"
local F = "spec/fixtures/cli"
local ARTICLE = "examples/huawei-5g.txt"
local BBC = "../shared/data/bbc-news"

local function q(s)
  if s:match("^[%w@%%+=:,./_-]+$") then return s end
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local tmpdir
local function tmp(name)
  if not tmpdir then
    local p = io.popen("unset LD_PRELOAD; mktemp -d")
    tmpdir = p:read("l")
    p:close()
  end
  return tmpdir .. "/" .. name
end

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

-- Under the sanitizers (make sanitize) lua5.4 runs with the ASan runtime preloaded: glean
-- keeps it, the shell tools of these specs (split, parallel, head) run without it.
local PRELOAD = os.getenv("LD_PRELOAD")
local GLEAN = (PRELOAD and ("env LD_PRELOAD=" .. q(PRELOAD) .. " ") or "") .. "lua5.4 bin/glean"

--- Runs a shell command line with glean's paths set; `glean` stands for bin/glean.
-- Returns stdout, stderr, exit status.
local function sh(cmdline, stdin)
  local out, err = tmp("stdout"), tmp("stderr")
  local env = ("LUA_CPATH_5_4=%s LUA_PATH_5_4=%s"):format(q(BUILD .. "/?.so;;"),
    q("lua/?.lua;lua/?/init.lua;;"))
  local glean_cmd = GLEAN
  cmdline = cmdline:gsub("^glean ", glean_cmd .. " "):gsub("([|;&(]%s*)glean ", "%1" .. glean_cmd .. " ")
  local input = ""
  if stdin then
    write(tmp("stdin"), stdin)
    input = " < " .. q(tmp("stdin"))
  end
  local full = ("unset LD_PRELOAD; export %s; ( %s ) > %s 2> %s%s"):format(env, cmdline,
    q(out), q(err), input)
  local _, _, code = os.execute(full)
  return h.read(out), h.read(err), code
end

--- Runs `glean ARGS`; returns stdout, stderr, status.
local function run(args, stdin) return sh("glean " .. args, stdin) end

local function lines(s)
  local t = {}
  for l in s:gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

local function records(s)
  local t = {}
  for _, l in ipairs(lines(s)) do t[#t + 1] = cjson.decode(l) end
  return t
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- What the library says: token/sentence/entity records with JSON offsets.
local function char_index(text, byte0)
  return utf8.len(text:sub(1, byte0))
end

local function lib_tokens(doc)
  local out = {}
  for tok in doc:tokens() do
    out[#out + 1] = { text = tok.text, start = tok.start - 1, ["end"] = tok.stop,
      char_start = char_index(doc.text, tok.start - 1), char_end = char_index(doc.text, tok.stop) }
  end
  return out
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local q1, q2, q3, q4 = n >> 18, (n >> 12) & 63, (n >> 6) & 63, n & 63
    out[#out + 1] = B64:sub(q1 + 1, q1 + 1) .. B64:sub(q2 + 1, q2 + 1)
      .. (b and B64:sub(q3 + 1, q3 + 1) or "=") .. (c and B64:sub(q4 + 1, q4 + 1) or "=")
  end
  return table.concat(out)
end

--- Pixel counts of a PNG, decoded by Chromium: a page draws it (as a data: URL) on a
-- canvas and writes the counts into the DOM, which --dump-dom prints. colours: a list of
-- {label=, rgb={r,g,b}}. Returns {width=, height=, white=, dark=, all={label=n},
-- top={label=n}} (top: in the first top_rows rows; a colour matches within ±2).
local function pixels(chromium, png, colours, top_rows)
  local want = {}
  for _, c in ipairs(colours) do want[#want + 1] = ("%q:[%d,%d,%d]"):format(c.label, table.unpack(c.rgb)) end
  local page = tmp("pixels.html")
  write(page, ([[<!DOCTYPE html><html><body><pre id="out">pending</pre><script>
const want = {%s}, topRows = %d;
const img = new Image();
img.onload = () => {
  const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
  const g = c.getContext("2d"); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  const res = { width: c.width, height: c.height, white: 0, dark: 0, top: {}, all: {} };
  for (const k in want) { res.top[k] = 0; res.all[k] = 0; }
  for (let i = 0; i < d.length; i += 4) {
    const r = d[i], gr = d[i + 1], b = d[i + 2], y = Math.floor(i / 4 / c.width);
    if (r > 250 && gr > 250 && b > 250) res.white++;
    else if (r < 90 && gr < 90 && b < 90) res.dark++;
    for (const k in want) {
      const w = want[k];
      if (Math.abs(r - w[0]) <= 2 && Math.abs(gr - w[1]) <= 2 && Math.abs(b - w[2]) <= 2) {
        res.all[k]++;
        if (y < topRows) res.top[k]++;
      }
    }
  }
  document.getElementById("out").textContent = JSON.stringify(res);
};
img.onerror = () => { document.getElementById("out").textContent = "undecodable"; };
img.src = "data:image/png;base64,%s";
</script></body></html>
]]):format(table.concat(want, ","), top_rows, base64(png)))
  local dom = sh(("%s --virtual-time-budget=10000 --dump-dom file://%s"):format(chromium, page))
  local res = dom:match('<pre id="out">([^<]*)</pre>')
  assert(res and res:sub(1, 1) == "{", "Chromium did not decode the screenshot: " .. tostring(res))
  return cjson.decode(res)
end

teardown(function()
  if tmpdir then os.execute("unset LD_PRELOAD; rm -rf " .. q(tmpdir)) end
end)

describe("glean (command line)", function()
  local text = h.read(ARTICLE)
  local nlp = glean.new()

  describe("help", function()
    it("lists the commands, and `help CMD` equals `CMD --help`", function()
      local out, _, code = run("help")
      assert.are.equal(0, code)
      for _, c in ipairs { "tokens", "sents", "ents", "run", "show", "compile", "help" } do
        assert.matches("\n   " .. c .. " ", out, 1, true)
      end
      for _, c in ipairs { "tokens", "sents", "ents", "run", "show", "compile" } do
        local a = run("help " .. c)
        local b, _, code2 = run(c .. " --help")
        assert.are.equal(0, code2)
        assert.are.equal(a, b)
      end
    end)

    it("gives an example for every option and argument", function()
      for _, c in ipairs { "tokens", "sents", "ents", "run", "show", "compile" } do
        local out = run("help " .. c)
        local section = out:match("\nArguments:\n(.-)\n\n") or ""
        section = section .. "\n" .. assert(out:match("\nOptions:\n(.-)\n\n"))
        -- entries start at 3 spaces then a name; continuation lines are indented deeper
        -- (a name that ends with "," goes on with the next line: "-o <file>," "--output <file>")
        local entries, cur, open = {}, nil, false
        for l in (section .. "\n"):gmatch("([^\n]*)\n") do
          local lead = l:match("^( *)%S")
          local starts = lead and #lead <= 9 and not l:match("^%s+Example:")
            and (#lead == 3 or l:match("^ +%-"))
          if starts and not open then
            cur = { l }
            entries[#entries + 1] = cur
          elseif cur then
            cur[#cur + 1] = l
          end
          open = starts and l:match("^ +%S+ ?%S*,") ~= nil or false
        end
        assert.is_true(#entries >= 3, c)
        for _, e in ipairs(entries) do
          local body = table.concat(e, "\n")
          if not body:match("^%s+%-h, %-%-help") then
            assert(body:find("Example:", 1, true), c .. ": no example for\n" .. body)
          end
        end
      end
    end)

    it("ents runs the built-in news recognizer without a gazetteer", function()
      local out = run("help ents")
      assert.matches("--lists-only", out, 1, true)
      local got, err, code = run("ents " .. ARTICLE)
      assert.are.equal(0, code, err)
      local found = {}
      for _, e in ipairs(records(got)[1].ents) do found[e.text] = e.label end
      assert.are.equal("PERSON", found["Angela Merkel"])
      assert.are.equal("ORG", found["Deutsche Telekom"])
    end)

    it("rejects unknown options and missing inputs with status 2", function()
      local _, err, code = run("tokens --frobnicate " .. ARTICLE)
      assert.are.equal(2, code)
      assert.matches("unknown option '--frobnicate'", err, 1, true)
      assert.matches("Try 'glean help tokens'", err, 1, true)
      local out, err2, code2 = run("tokens no/such/file.txt")
      assert.are.equal(2, code2)
      assert.are.equal("", out)
      assert.matches("no/such/file.txt: No such file or directory", err2, 1, true)
    end)
  end)

  describe("tokens", function()
    it("writes one record with the library's tokens and JSON offsets", function()
      local out, err, code = run("tokens " .. ARTICLE)
      assert.are.equal(0, code)
      assert.are.equal("", err)
      local recs = records(out)
      assert.are.equal(1, #recs)
      assert.are.equal(ARTICLE, recs[1].id)
      local want = lib_tokens(nlp:parse(text))
      assert.are.equal(468, #want)
      assert.are.same(want, recs[1].tokens)
      for _, t in ipairs(recs[1].tokens) do
        assert.are.equal(t.text, text:sub(t.start + 1, t["end"]))
      end
      -- keys in a fixed order, one line per document
      local head = '{"id":"examples/huawei-5g.txt","tokens":[{"text":"Site","start":0,"end":4,'
        .. '"char_start":0,"char_end":4},'
      assert.are.equal(head, out:sub(1, #head))
    end)

    it("writes TSV with --tsv", function()
      local out, _, code = run("tokens --tsv --header " .. ARTICLE)
      assert.are.equal(0, code)
      local ls = lines(out)
      assert.are.equal("id\ti\tstart\tend\tchar_start\tchar_end\ttext", ls[1])
      local want = lib_tokens(nlp:parse(text))
      assert.are.equal(#want + 1, #ls)
      for i, t in ipairs(want) do
        assert.are.equal(("%s\t%d\t%d\t%d\t%d\t%d\t%s"):format(ARTICLE, i, t.start, t["end"],
          t.char_start, t.char_end, t.text), ls[i + 1])
      end
      local esc = run("tokens --tsv -", "a\tb\n\nc\\")
      assert.are.equal("stdin\t1\t0\t1\t0\t1\ta\nstdin\t2\t2\t3\t2\t3\tb\n"
        .. "stdin\t3\t5\t6\t5\t6\tc\nstdin\t4\t6\t7\t6\t7\t\\\\\n", esc)
    end)

    it("reads directories recursively (*.txt, sorted) and --glob", function()
      local recs = records((run("tokens " .. F .. "/docs")))
      local ids = {}
      for i, r in ipairs(recs) do ids[i] = r.id end
      assert.are.same({ F .. "/docs/a.txt", F .. "/docs/b.txt", F .. "/docs/sub/c.txt" }, ids)
      local md = records((run("tokens --glob '*.md' " .. F .. "/docs")))
      assert.are.equal(1, #md)
      assert.are.equal(F .. "/docs/notes.md", md[1].id)
      -- code points differ from bytes after "ü"
      local c = recs[3].tokens
      assert.are.same({ text = "Brüssel", start = 0, ["end"] = 8, char_start = 0, char_end = 7 }, c[1])
      assert.are.same({ text = "liegt", start = 9, ["end"] = 14, char_start = 8, char_end = 13 }, c[2])
    end)

    it("writes to a file with -o", function()
      local path = tmp("out.jsonl")
      local out, _, code = run("tokens -o " .. q(path) .. " " .. ARTICLE)
      assert.are.equal(0, code)
      assert.are.equal("", out)
      assert.are.equal((run("tokens " .. ARTICLE)), h.read(path))
    end)
  end)

  describe("sents", function()
    it("writes the library's sentences", function()
      local recs = records((run("sents " .. ARTICLE)))
      local doc = nlp:parse(text)
      assert.are.equal(15, #recs[1].sentences)
      for k, s in ipairs(doc.sents) do
        local r = recs[1].sentences[k]
        assert.are.same({ text = s.text, start = s.start - 1, ["end"] = s.stop,
          char_start = char_index(text, s.start - 1), char_end = char_index(text, s.stop) }, r)
      end
    end)
  end)

  describe("JSON Lines and stdin", function()
    it("reads records with ids, line numbers, skipped blank lines", function()
      local out = run("sents " .. F .. "/corpus.jsonl")
      assert.matches('\n{"id":2,"sentences":', out, 1, true) -- numbers stay numbers
      local recs = records(out)
      local ids = {}
      for i, r in ipairs(recs) do ids[i] = r.id end
      assert.are.same({ "n1", 2, F .. "/corpus.jsonl:4", "n4" }, ids)
      assert.are.equal("Huawei denies the charges.", recs[1].sentences[1].text)
    end)

    it("takes --text-field, --id-field, --date-field and --meta-date", function()
      local script = tmp("meta.lua")
      write(script, "return function(doc, meta) return { text = doc.text, date = meta.date, "
        .. "path = meta.path or 'nil', line = meta.line, keys = meta.record and meta.record.id } end\n")
      local out, err, code = run(("run %s --text-field body --id-field id --meta-date 2000-01-01 "
        .. "--on-error skip %s/corpus.jsonl"):format(script, F))
      assert.are.equal(1, code) -- three records have no "body"
      local recs = records(out)
      assert.are.same({ { id = "n4", text = "Other field", date = "2000-01-01",
        path = F .. "/corpus.jsonl", line = 5, keys = "n4" } }, recs)
      assert.matches("n1 (" .. F .. "/corpus.jsonl:1): no string field 'body'", err, 1, true)
      assert.matches(F .. "/corpus.jsonl:4: no string field 'body'", err, 1, true)
      local dated = records((run(("run %s --date-field date %s/corpus.jsonl"):format(script, F))))
      assert.are.equal("2019-02-05", dated[1].date)
      assert.is_nil(dated[2].date)
      assert.are.equal("2019-02-06", dated[3].date)
    end)

    it("reads stdin: plain text is one document, --jsonl one per line", function()
      local one = records((run("sents -", "One here. Two here.\nThree.")))
      assert.are.equal(1, #one)
      assert.are.equal("stdin", one[1].id)
      assert.are.equal(3, #one[1].sentences)
      local none = records((run("sents", "Default is stdin.")))
      assert.are.equal("stdin", none[1].id)
      local many = records((run("sents --jsonl -", h.read(F .. "/corpus.jsonl"))))
      local ids = {}
      for i, r in ipairs(many) do ids[i] = r.id end
      assert.are.same({ "n1", 2, "stdin:4", "n4" }, ids)
      local script = tmp("path.lua")
      write(script, "return function(doc, meta) return { path = meta.path == nil } end\n")
      assert.are.same({ { id = "stdin", path = true } }, records((run("run " .. script .. " -", "x"))))
    end)
  end)

  describe("gazetteers", function()
    local gaz = glean.gazetteer { nlp = nlp, name = "huawei-world" }
    assert(gaz:load_tsv("examples/huawei-world.tsv"))
    local doc = nlp:parse(text)
    gaz:annotate(doc)
    local want = {}
    for _, e in ipairs(doc.ents) do
      want[#want + 1] = { text = e.text, label = e.label, id = e.id, source = "huawei-world",
        start = e.start - 1, ["end"] = e.stop, char_start = char_index(text, e.start - 1),
        char_end = char_index(text, e.stop) }
    end

    it("ents writes the gazetteer's entities", function()
      local out, err, code = run("ents --lists-only -g examples/huawei-world.tsv " .. ARTICLE)
      assert.are.equal(0, code)
      assert.are.equal("", err)
      local recs = records(out)
      assert.is_true(#want > 30)
      assert.are.same(want, recs[1].ents)
    end)

    it("compile writes a .glz that ents uses the same way", function()
      local glz = tmp("huawei-world.glz")
      local out, err, code = run("compile examples/huawei-world.tsv -o " .. q(glz))
      assert.are.equal(0, code)
      assert.are.equal("", out)
      assert.matches("huawei%-world%.glz: %d+ entries from examples/huawei%-world%.tsv in [%d.]+ s, %d+ bytes", err)
      local opened = assert(glean.gazetteer.open(glz, { nlp = nlp }))
      assert.are.equal(#gaz, #opened)
      local recs = records((run("ents --lists-only -g " .. q(glz) .. " " .. ARTICLE)))
      assert.are.same(want, recs[1].ents)
      local _, err2, code2 = run("compile no/such.tsv -o " .. q(tmp("x.glz")))
      assert.are.equal(2, code2)
      assert.matches("no/such.tsv", err2, 1, true)
    end)

    it("an unreadable gazetteer is a set-up error (status 2)", function()
      local _, err, code = run("ents -g no/such.glz " .. ARTICLE)
      assert.are.equal(2, code)
      assert.matches("no/such.glz", err, 1, true)
    end)
  end)

  describe("run", function()
    it("calls the script's function with doc and meta, once-loaded", function()
      local out, err, code = run(("run %s/extract.lua -g %s/places.tsv %s/corpus.jsonl %s/docs/a.txt")
        :format(F, F, F, F))
      assert.are.equal(0, code)
      assert.are.equal("", err)
      local c = F .. "/corpus.jsonl"
      local function r(doc, text, label, tokens, date, path)
        return { id = doc, doc = doc, text = text, label = label, tokens = tokens, date = date,
          path = path or c, loads = 1 }
      end
      assert.are.same({
        r("n1", "Huawei", "ORG", 8, "2019-02-05"), r("n1", "Germany", "GPE", 8, "2019-02-05"),
        r(2, "Vodafone", "ORG", 7), r(2, "Ericsson", "ORG", 7), r(2, "Brussels", "GPE", 7),
        r(c .. ":4", "Nokia", "ORG", 8, "2019-02-06"),
        r("n4", "Beijing", "GPE", 5), r("n4", "Washington", "GPE", 5),
        r(F .. "/docs/a.txt", "Huawei", "ORG", 7, nil, F .. "/docs/a.txt"),
        r(F .. "/docs/a.txt", "Deutsche Telekom", "ORG", 7, nil, F .. "/docs/a.txt"),
        r(F .. "/docs/a.txt", "Bonn", "GPE", 7, nil, F .. "/docs/a.txt"),
      }, records(out))
    end)

    it("passes --arg to the script and writes nothing for nil", function()
      local out, _, code = run(("run %s/extract.lua --arg min=6 -g %s/places.tsv %s/corpus.jsonl")
        :format(F, F, F))
      assert.are.equal(0, code)
      local docs = {}
      for _, r in ipairs(records(out)) do docs[tostring(math.tointeger(r.doc) or r.doc)] = true end
      assert.are.same({ n1 = true, ["2"] = true, [F .. "/corpus.jsonl:4"] = true }, docs)
    end)

    it("reports a script that does not load, once, with status 2", function()
      local bad = tmp("bad.lua")
      write(bad, "return function(doc, meta)\n  return {\nend\n")
      local out, err, code = run("run " .. bad .. " -j 2 " .. ARTICLE)
      assert.are.equal(2, code)
      assert.are.equal("", out)
      assert.matches("bad.lua:3:", err, 1, true)
      local _, count = err:gsub("bad%.lua:3:", "")
      assert.are.equal(1, count)
      -- and no worker is left behind, waiting for work (ps runs without the ASan
      -- runtime, under which it hangs). A worker may take a moment to see its pipe
      -- close on a loaded machine: look for up to 5 s; one left waiting stays forever.
      local worker = bad .. " -j 2 " .. ARTICLE .. " --worker"
      local procs = sh("sleep 0.3; ps -eo args")
      for _ = 1, 47 do
        if not procs:find(worker, 1, true) then break end
        procs = sh("sleep 0.1; ps -eo args")
      end
      assert.is_nil(procs:find(worker, 1, true))
      write(bad, "return 42\n")
      local _, err2, code2 = run("run " .. bad .. " " .. ARTICLE)
      assert.are.equal(2, code2)
      assert.matches("must return a function", err2, 1, true)
    end)
  end)

  describe("errors", function()
    it("stops at an invalid UTF-8 document by default, naming it", function()
      local out, err, code = run("tokens " .. F .. "/mixed")
      assert.are.equal(1, code)
      local recs = records(out) -- what was written stays valid JSON Lines
      assert.are.equal(1, #recs)
      assert.are.equal(F .. "/mixed/1-good.txt", recs[1].id)
      assert.matches("glean: " .. F .. "/mixed/2-bad.txt: invalid UTF-8 at byte 5\n", err, 1, true)
      assert.matches("stopped at the first failing document", err, 1, true)
    end)

    it("skips it with --on-error=skip (status still 1), or replaces with --invalid", function()
      local out, err, code = run("tokens --on-error=skip " .. F .. "/mixed")
      assert.are.equal(1, code)
      local recs = records(out)
      assert.are.equal(2, #recs)
      assert.are.equal(F .. "/mixed/3-good.txt", recs[2].id)
      assert.matches("2-bad.txt: invalid UTF-8 at byte 5", err, 1, true)
      assert.matches("1 document failed and was skipped", err, 1, true)
      local out2, err2, code2 = run("tokens --invalid replace " .. F .. "/mixed")
      assert.are.equal(0, code2)
      assert.are.equal("", err2)
      local r = records(out2)
      assert.are.equal(3, #r)
      assert.are.equal("\u{FFFD}", r[2].tokens[2].text) -- valid JSON: the bad byte as U+FFFD
      assert.are.same({ start = 4, ["end"] = 5 }, { start = r[2].tokens[2].start, ["end"] = r[2].tokens[2]["end"] })
    end)

    it("reports a script error with the document's id", function()
      local out, err, code = run(("run %s/failing.lua %s/corpus.jsonl"):format(F, F))
      assert.are.equal(1, code)
      assert.are.same({ { id = "n1", n = 8 }, { id = 2, n = 7 } }, records(out))
      assert.matches(F .. "/corpus.jsonl:4: " .. F .. "/failing.lua:3: no Nokia please", err, 1, true)
      local out2, _, code2 = run(("run --on-error skip %s/failing.lua %s/corpus.jsonl"):format(F, F))
      assert.are.equal(1, code2)
      assert.are.equal(3, #records(out2))
    end)

    it("reports a bad JSON line with its place", function()
      local path = tmp("bad.jsonl")
      write(path, '{"id":"a","text":"One."}\n{"id": oops}\n[1,2]\n{"id":"d","text":"Four."}\n')
      local out, err, code = run("sents --on-error skip " .. q(path))
      assert.are.equal(1, code)
      assert.are.equal(2, #records(out))
      assert.matches(path .. ":2: invalid JSON", err, 1, true)
      assert.matches(path .. ":3: a JSON object expected", err, 1, true)
      assert.matches("2 documents failed and were skipped", err, 1, true)
    end)

    it("ends quietly when the reader goes away (SIGPIPE)", function()
      local big = tmp("big.jsonl")
      local f = assert(io.open(big, "wb"))
      local line = cjson.encode({ text = text })
      for i = 1, 200 do f:write(line:sub(1, -2), ',"id":', i, "}\n") end
      f:close()
      for _, jobs in ipairs { 1, 2 } do
        local out, err = sh(("glean tokens -j %d %s | head -c 1000"):format(jobs, q(big)))
        assert.are.equal(1000, #out)
        assert.are.equal("", err)
      end
    end)
  end)

  describe("--jobs", function()
    it("gives the same output as one process, in input order", function()
      local inputs = ("%s %s/docs %s/corpus.jsonl %s/docs/a.txt"):format(ARTICLE, F, F, F)
      for _, cmd in ipairs {
        "tokens " .. inputs, "sents " .. inputs, "tokens --tsv " .. inputs,
        "ents -g examples/huawei-world.tsv " .. inputs,
        ("run %s/extract.lua -g %s/places.tsv %s"):format(F, F, inputs),
      } do
        local one, err1, c1 = run(cmd)
        assert.are.equal(0, c1)
        for _, j in ipairs { 2, 3 } do
          local many, errj, cj = run(cmd .. " --jobs " .. j)
          assert.are.equal(0, cj)
          assert.are.equal(err1, errj)
          assert.are.equal(one, many, cmd .. " --jobs " .. j)
        end
      end
    end)

    it("stops and skips the same way", function()
      for _, cmd in ipairs { "tokens " .. F .. "/mixed " .. F .. "/docs",
        "tokens --on-error skip " .. F .. "/docs " .. F .. "/mixed " .. F .. "/docs",
        ("run %s/failing.lua %s/corpus.jsonl"):format(F, F) } do
        local one, err1, c1 = run(cmd)
        local two, err2, c2 = run(cmd .. " -j 2")
        assert.are.equal(1, c1)
        assert.are.equal(c1, c2)
        assert.are.equal(one, two)
        assert.are.equal(err1, err2)
      end
    end)

    it("keeps order over many small documents (results reuse the spool slots)", function()
      local path = tmp("many.jsonl")
      local f = assert(io.open(path, "wb"))
      local words = { "Huawei", "met", "Vodafone", "in", "Brussels", "and", "Germany", "today", "." }
      for i = 1, 700 do
        local n = i % 7 + 1
        local t = {}
        for k = 1, n do t[k] = words[(i * k) % #words + 1] end
        f:write(cjson.encode({ id = "m" .. i, text = table.concat(t, " ") .. " Nokia " .. i .. "." }), "\n")
      end
      f:close()
      for _, cmd in ipairs { "sents " .. q(path),
        ("run %s/extract.lua -g %s/places.tsv %s"):format(F, F, q(path)) } do
        local one, _, c1 = run(cmd)
        assert.are.equal(0, c1)
        assert.is_true(#lines(one) >= 700)
        local no_path = one:gsub('"path":"[^"]*",', "") -- meta.path is nil on stdin
        for _, j in ipairs { 2, 3 } do
          assert.are.equal(one, (run(cmd .. " -j " .. j)), cmd .. " -j " .. j)
          local piped = run(cmd:gsub(" [^ ]+$", " -") .. " --jsonl -j " .. j, h.read(path))
          assert.are.equal(no_path, piped, cmd .. " (stdin) -j " .. j)
        end
      end
    end)

    it("works on stdin JSON Lines too", function()
      local corpus = h.read(F .. "/corpus.jsonl")
      assert.are.equal((run("tokens --jsonl -", corpus)), (run("tokens --jsonl -j 2 -", corpus)))
    end)
  end)

  describe("README", function()
    it("shows a session whose outputs are the real ones", function()
      local session = assert(h.read("README.md"):match("\n```console\n(.-)```"))
      local n = 0
      for cmd, shown in session:gmatch("%$ ([^\n]+)\n(.-)%f[$\0]") do
        local out, err, code = sh(cmd)
        assert.are.equal(0, code, err)
        -- head -c cuts a line: the README ends it with a newline
        assert.are.equal(shown, out:sub(-1) == "\n" and out or out .. "\n", cmd)
        n = n + 1
      end
      assert.are.equal(5, n)
    end)
  end)

  describe("scale-out", function()
    -- A JSON Lines corpus with ids, as a Hadoop Streaming / Spark pipe / GNU parallel
    -- mapper sees it: records on stdin, records on stdout.
    local corpus
    local function make_corpus()
      if corpus then return corpus end
      corpus = tmp("corpus.jsonl")
      local f = assert(io.open(corpus, "wb"))
      local paras = {}
      for p in text:gmatch("[^\n]+") do paras[#paras + 1] = p end
      for i = 1, 120 do
        f:write(cjson.encode({ id = "doc-" .. i, text = paras[i % #paras + 1] .. " " .. paras[(i * 7) % #paras + 1] }), "\n")
      end
      f:close()
      return corpus
    end
    local script = "spec/fixtures/cli/extract.lua"
    local mapper = "glean run " .. script .. " -g examples/huawei-world.tsv --jsonl --quiet -"

    it("sharded runs, concatenated, equal the single run", function()
      local c = make_corpus()
      local single, _, code = sh(mapper .. " < " .. q(c))
      assert.are.equal(0, code)
      assert.is_true(#lines(single) > 120)
      local prefix = tmp("shard-")
      local _, serr, scode = sh(("split -n l/4 -d %s %s"):format(q(c), q(prefix)))
      assert.are.equal(0, scode, serr)
      local merged = {}
      for k = 0, 3 do
        local out, _, c2 = sh(("%s < %s%02d"):format(mapper, q(prefix), k))
        assert.are.equal(0, c2)
        merged[#merged + 1] = out
      end
      assert.are.equal(single, table.concat(merged))
      -- the same with a file argument and --jobs
      local files = sh(("glean run %s -g examples/huawei-world.tsv -q -j 2 %s"):format(script, q(c)))
      local a, b = records(single), records(files)
      for i = 1, #a do a[i].path, b[i].path = nil, nil end
      assert.are.same(a, b)
    end)

    it("GNU parallel --pipe --keep-order gives the single run's output", function()
      if select(3, sh("command -v parallel")) ~= 0 then
        pending("GNU parallel is not installed")
        return
      end
      local c = make_corpus()
      local single = sh(mapper .. " < " .. q(c))
      local job = "LUA_CPATH_5_4=" .. q(BUILD .. "/?.so;;") .. " " .. GLEAN .. " run " .. script
        .. " -g examples/huawei-world.tsv --jsonl --quiet -"
      local par, err, code = sh(("parallel --pipe --keep-order -N 25 -j 2 %s < %s"):format(q(job), q(c)))
      assert.are.equal(0, code, err)
      assert.are.equal(single, par)
    end)

    it("README's recipe runs as written: parallel's merged output is the single run's", function()
      if select(3, sh("command -v parallel")) ~= 0 then
        pending("GNU parallel is not installed")
        return
      end
      local section = assert(h.read("README.md"):match("\n### Scale out\n(.-)\n## "),
        "README.md has a '### Scale out' section")
      local recipe = assert(section:match("```sh\n(.-)```"))
      local mapper = assert(recipe:match("\n  (glean run [^\n]-) > merged%.jsonl\n"))
      -- Hadoop Streaming and Spark get the very same mapper line
      assert.matches("-mapper '" .. mapper .. "'", section, 1, true)
      assert.matches('.pipe("' .. mapper .. '")', section, 1, true)
      -- a directory as a user has it: examples/, a corpus of 3,000 records with ids (three
      -- jobs of -N 1000), and `glean` on the PATH
      local dir = tmp("scale-out")
      local root = sh("pwd"):match("^[^\n]+")
      local build = BUILD:sub(1, 1) == "/" and BUILD or (root .. "/" .. BUILD)
      assert.are.equal(0, select(3, sh(("mkdir -p %s/bin && ln -s %s/examples %s/examples")
        :format(q(dir), q(root), q(dir)))))
      write(dir .. "/bin/glean", ("#!/bin/sh\nLUA_CPATH_5_4=%s exec %s %s \"$@\"\n"):format(
        q(build .. "/?.so;;"), GLEAN:gsub(" bin/glean$", ""), q(root .. "/bin/glean")))
      local paras = {}
      for p in text:gmatch("[^\n]+") do paras[#paras + 1] = p end
      local f = assert(io.open(dir .. "/corpus.jsonl", "wb"))
      for i = 1, 3000 do
        f:write(cjson.encode({ id = "doc-" .. i, text = paras[i % #paras + 1] }), "\n")
      end
      f:close()
      write(dir .. "/recipe.sh", recipe)
      local out, err, code = sh(("cd %s && chmod +x bin/glean && PATH=\"$PWD/bin:$PATH\" sh -e recipe.sh")
        :format(q(dir)))
      assert.are.equal(0, code, err)
      assert.are.equal("identical\n", out)
      local merged = h.read(dir .. "/merged.jsonl")
      assert.are.equal(3000, #lines(merged))
      assert.are.equal(h.read(dir .. "/single.jsonl"), merged)
      assert.are.equal("doc-3000", cjson.decode(lines(merged)[3000]).id)
    end)
  end)

  describe("show", function()
    it("marks entities as [text](LABEL) when not on a terminal, then a legend", function()
      local out, err, code = run("show --lists-only -g examples/huawei-world.tsv " .. ARTICLE)
      assert.are.equal(0, code)
      assert.are.equal("", err)
      assert.is_nil(out:find("\27", 1, true))
      assert.matches("── examples/huawei-5g.txt ──\n", out, 1, true)
      assert.matches("On Tuesday, Chancellor [Angela Merkel](PERSON) said [Germany](GPE) needed", out, 1, true)
      local _, marked = out:gsub("%[[^%]\n]+%]%(%u+%)", "")
      local ents = records((run("ents --lists-only -g examples/huawei-world.tsv " .. ARTICLE)))[1].ents
      assert.are.equal(#ents, marked)
      local counts = {}
      for _, e in ipairs(ents) do counts[e.label] = (counts[e.label] or 0) + 1 end
      for label, n in pairs(counts) do
        assert.matches("\n  " .. label .. "%s+" .. n .. "  ", out)
      end
    end)

    it("uses colours with --color always, never with NO_COLOR", function()
      local out = run("show --color always -g examples/huawei-world.tsv " .. ARTICLE)
      assert.matches("\27[1;34mHuawei\27[0;2;34m ORG\27[0m", out, 1, true)
      local plain = sh("NO_COLOR=1 glean show -g examples/huawei-world.tsv " .. ARTICLE)
      assert.is_nil(plain:find("\27", 1, true))
    end)

    it("writes a standalone HTML page with --html", function()
      local page = tmp("page.html")
      local out, _, code = run("show --html --lists-only -g examples/huawei-world.tsv -o " .. q(page) .. " " .. ARTICLE)
      assert.are.equal(0, code)
      assert.are.equal("", out)
      local html = h.read(page)
      assert.matches("^<!DOCTYPE html>", html)
      assert.matches("</html>\n$", html)
      local ents = records((run("ents --lists-only -g examples/huawei-world.tsv " .. ARTICLE)))[1].ents
      local _, opened = html:gsub('<mark class="ent"', "")
      local _, closed = html:gsub("</mark>", "")
      assert.are.equal(#ents, opened)
      assert.are.equal(opened, closed)
      assert.matches('<li><span class="swatch" style="background:#feca74">GPE</span>', html, 1, true)
      assert.matches('title="PERSON · Q567 · from huawei-world">Angela Merkel<a class="label" '
        .. 'href="https://www.wikidata.org/wiki/Q567">PERSON</a></mark>', html, 1, true)
      assert.is_nil(html:find("<script", 1, true)) -- standalone: no scripts, no fetches
      assert.is_nil(html:find("src=", 1, true))
    end)

    it("renders in a headless Chromium (when installed)", function()
      local chromium = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars"
      if select(3, sh("command -v chromium")) ~= 0 then
        pending("chromium is not installed")
        return
      end
      local page = tmp("view.html")
      run("show --html --lists-only -g examples/huawei-world.tsv -o " .. q(page) .. " " .. ARTICLE)
      local ents = records((run("ents --lists-only -g examples/huawei-world.tsv " .. ARTICLE)))[1].ents
      -- the DOM as the browser parsed it: every entity is a <mark> with its label inside
      local dom = sh(("%s --dump-dom file://%s"):format(chromium, page))
      local _, marks = dom:gsub('<mark class="ent"', "")
      assert.are.equal(#ents, marks)
      assert.matches(">Angela Merkel<a class=\"label\" href=\"https://www.wikidata.org/wiki/Q567\">PERSON</a></mark>", dom, 1, true)
      -- and a screenshot of the page: a PNG of the window's size
      local png = tmp("view.png")
      local _, err, code = sh(("%s --window-size=1000,1400 --screenshot=%s file://%s"):format(chromium, q(png), page))
      assert.are.equal(0, code, err)
      local bytes = h.read(png)
      assert.are.equal("\x89PNG\r\n\x1a\n", bytes:sub(1, 8))
      local width, height = string.unpack(">I4>I4", bytes, 17)
      assert.are.same({ 1000, 1400 }, { width, height })
      -- and what is on it: Chromium itself decodes the PNG (a data: URL drawn on a canvas,
      -- so no file-origin taint) and counts the pixels of each legend colour
      local legend = {}
      for colour, label in h.read(page):gmatch('<span class="swatch" style="background:#(%x+)">(%u+)</span>') do
        legend[#legend + 1] = { label = label, rgb = { tonumber(colour:sub(1, 2), 16),
          tonumber(colour:sub(3, 4), 16), tonumber(colour:sub(5, 6), 16) } }
      end
      local labels = {}
      for _, l in ipairs(legend) do labels[l.label] = true end
      assert.is_true(#legend >= 4 and labels.GPE and labels.ORG and labels.NORP, "legend labels")
      local px = pixels(chromium, bytes, legend, 260)
      assert.are.same({ 1000, 1400 }, { px.width, px.height })
      assert.is_true(px.white > 0.5 * 1000 * 1400, "mostly white page") -- the background
      assert.is_true(px.dark > 10000, "dark text pixels: " .. px.dark) -- the text is drawn
      for _, l in ipairs(legend) do -- every legend swatch is painted in its colour ...
        assert.is_true(px.top[l.label] >= 300, l.label .. " swatch: " .. px.top[l.label] .. " px")
      end
      -- ... and the entities in the text below the legend carry the same colours
      for _, label in ipairs { "GPE", "ORG", "NORP" } do
        local below = px.all[label] - px.top[label]
        assert.is_true(below >= 1500, label .. " highlights: " .. below .. " px")
      end
    end)
  end)

  describe("progress", function()
    it("is silent off a terminal, shown with --progress, never with --quiet", function()
      local _, err = run("tokens " .. F .. "/docs")
      assert.are.equal("", err)
      local _, err2 = run("tokens --progress " .. F .. "/docs")
      assert.matches("^glean: 3 docs, 0%.0 MB, [%d,]+ docs/s, in 0:%d%d\n$", err2)
      local _, err3 = run("tokens --quiet --on-error skip " .. F .. "/mixed")
      assert.matches("2-bad.txt: invalid UTF-8", err3, 1, true)
      assert.is_nil(err3:find("docs/s", 1, true))
    end)
  end)

  describe("the BBC corpus", function()
    it("gives the same output with --jobs 2 and names the one bad file", function()
      if not exists(BBC .. "/tech/001.txt") then
        pending("../shared/data/bbc-news is not here")
        return
      end
      local cmd = ("tokens --on-error skip %s/tech %s/sport"):format(BBC, BBC)
      local one, err1, c1 = run(cmd)
      local two, err2, c2 = run(cmd .. " --jobs 2")
      assert.are.equal(1, c1)
      assert.are.equal(1, c2)
      assert.are.equal(one, two)
      assert.are.equal(err1, err2)
      assert.matches(BBC .. "/sport/199.txt: invalid UTF-8 at byte", err1, 1, true)
      assert.are.equal(401 + 511 - 1, #lines(one))
    end)
  end)
end)
