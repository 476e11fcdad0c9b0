-- Every ```lua block of README.md runs (the tour must stay true), and the results it
-- shows in `--> ` comments of print/normalize lines hold for the lines checked below.
local h = require "spec.helpers"

describe("README.md", function()
  local readme = h.read("README.md")

  it("has Lua snippets that run", function()
    -- The blocks build on each other, as a reader types them: run them as one chunk.
    local blocks = {}
    for i, b in ipairs(h.lua_blocks(readme)) do blocks[i] = b.code end
    assert.is_true(#blocks >= 2)
    local ok, err = h.run_snippet(table.concat(blocks, "\n"), "README blocks")
    assert(ok, "README snippets failed: " .. tostring(err))
  end)

  it("shows normalize results that are true", function()
    local glean = require "glean"
    local n = 0
    for call, want in readme:gmatch('(glean%.normalize%b())%s*%-%->%s*(".-[^\\]")') do
      local got = assert(load("local glean = ...; return " .. call))(glean)
      local expect = assert(load("return " .. want))()
      assert.are.equal(expect, got, call)
      n = n + 1
    end
    assert.is_true(n >= 4)
  end)
end)
