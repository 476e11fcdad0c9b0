-- The rockspec must build every C file and install every Lua module of the tree:
-- a file added without it works in the build tree and breaks only after `luarocks make`.
local function lines(cmd)
  local p = assert(io.popen(cmd))
  local t = {}
  for l in p:lines() do t[#t + 1] = l end
  p:close()
  return t
end

describe("rockspec/glean-scm-1.rockspec", function()
  local env = {}
  local chunk = assert(loadfile("rockspec/glean-scm-1.rockspec", "t", env))
  chunk()
  local modules = env.build.modules

  it("compiles every C file of csrc/ and csrc/lua/", function()
    local listed = {}
    for _, src in ipairs(modules["glean.core"].sources) do listed[src] = true end
    local files = lines("ls csrc/*.c csrc/lua/*.c")
    assert.is_true(#files > 10)
    for _, f in ipairs(files) do
      assert.is_true(listed[f] ~= nil, f .. " is missing from the rockspec's sources")
    end
  end)

  it("installs every Lua module under lua/glean/ under its module name", function()
    local files = lines("find lua/glean -name '*.lua' | sort")
    assert.is_true(#files > 10)
    for _, f in ipairs(files) do
      local name = f:gsub("^lua/", ""):gsub("/init%.lua$", ""):gsub("%.lua$", ""):gsub("/", ".")
      assert.equal(f, modules[name], name .. " is missing from the rockspec's modules")
    end
  end)
end)
