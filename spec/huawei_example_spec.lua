-- examples/huawei.lua is the main example (`make demo` ends with it): its report on the
-- bundled article must stay exactly examples/huawei.expected.txt, and its JSON must say
-- the same things. An intended change to the extractors regenerates the file:
--   lua5.4 examples/huawei.lua examples/huawei-5g.txt > examples/huawei.expected.txt
local json_decode = require("cjson").decode

local function run_example(json_path)
  local out = {}
  local saved_write, saved_arg = io.write, arg
  io.write = function(...)
    for i = 1, select("#", ...) do out[#out + 1] = tostring((select(i, ...))) end
  end
  _G.arg = { "examples/huawei-5g.txt", json_path }
  local ok, res = pcall(dofile, "examples/huawei.lua")
  io.write, _G.arg = saved_write, saved_arg
  assert(ok, res)
  return table.concat(out), res
end

describe("examples/huawei.lua", function()
  it("prints exactly the expected report", function()
    local got = run_example()
    local want = assert(io.open("examples/huawei.expected.txt", "rb")):read("a")
    if got ~= want then -- show the first differing line, not two pages of text
      local g, w = {}, {}
      for l in got:gmatch("[^\n]*") do g[#g + 1] = l end
      for l in want:gmatch("[^\n]*") do w[#w + 1] = l end
      for i = 1, math.max(#g, #w) do
        assert.equal(w[i], g[i], "line " .. i .. " of the report differs")
      end
    end
    assert.equal(want, got)
  end)

  it("writes the same findings as JSON with 0-based end-exclusive offsets", function()
    local path = os.tmpname()
    local _, res = run_example(path)
    local rec = json_decode(assert(io.open(path, "rb")):read("a"))
    os.remove(path)
    local text = assert(io.open("examples/huawei-5g.txt", "rb")):read("a")
    assert.equal("2019-02-05", rec.date)
    assert.equal(#res.quotes, #rec.quotes)
    assert.equal(#res.acronyms, #rec.acronyms)
    assert.equal(#res.dates, #rec.dates)
    assert.is_true(#rec.entities >= 40)
    for _, e in ipairs(rec.entities) do
      assert.equal(e.text, text:sub(e.start + 1, e["end"]))
    end
    assert.equal("BSI", rec.acronyms[1].short)
    assert.equal("the official", rec.quotes[1].speaker.text)
    assert.equal("a U.S. State Department official", rec.quotes[1].resolved.text)
    assert.equal("2019-02-05", rec.dates[1].value)
    local last_week
    for _, d in ipairs(rec.dates) do
      if d.span.text == "last week" then last_week = d end
    end
    -- the week before the article's (weeks run Monday to Sunday): a range, not a day
    assert.is_nil(last_week.value)
    assert.same({ "2019-01-28", "2019-02-03" }, { last_week.from, last_week.to })
    assert.matches("official", rec.quotes[1].speaker.text)
  end)
end)
