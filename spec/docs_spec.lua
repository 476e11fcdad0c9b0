-- Every ```lua block of docs/*.md runs, each on its own (a block starts from
-- `require "glean"`), from the repository root, so that the manual cannot rot; and
-- api.md names every public function of the glean module.
local h = require "spec.helpers"

local function docs()
  local p = assert(io.popen("ls docs/*.md 2>/dev/null"))
  local files = {}
  for f in p:lines() do files[#files + 1] = f end
  p:close()
  return files
end

describe("docs/", function()
  local files = docs()

  it("has the manual's pages", function()
    local have = {}
    for _, f in ipairs(files) do have[f] = true end
    for _, page in ipairs { "getting-started", "api", "gazetteer-format", "cli", "performance" } do
      assert.is_true(have["docs/" .. page .. ".md"], "docs/" .. page .. ".md")
    end
  end)

  for _, file in ipairs(files) do
    local blocks = h.lua_blocks(h.read(file))
    for _, b in ipairs(blocks) do
      it(("runs the Lua block at %s:%d"):format(file, b.line), function()
        local ok, err = h.run_snippet(b.code, file, b.line)
        assert(ok, tostring(err))
      end)
    end
  end

  it("documents every public name of the glean module in api.md", function()
    local api = h.read("docs/api.md")
    local glean = require "glean"
    local missing = {}
    for name, v in pairs(glean) do
      if not name:match("^_") and not api:find("glean." .. name, 1, true) then
        missing[#missing + 1] = "glean." .. name .. " (" .. type(v) .. ")"
      end
    end
    table.sort(missing)
    assert.are.same({}, missing)
    assert.matches("\n## Token%-pattern rules\n", api)
    assert.matches("See rules.md.", api, 1, true)
  end)
end)
