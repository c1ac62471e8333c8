-- nvim_probe.lua: drive a real, headless Neovim (0.7 to 0.11+) through the
-- pyexplain config we ship and write what the editor showed to a report.
-- Run by tests/editors.rs as
--   nvim --headless --clean -n -i NONE --cmd 'set rtp^=editors/neovim' -c 'luafile tests/e2e/nvim_probe.lua'
-- with `pyexplain` on PATH and these environment variables:
--   PYX_MODE     enable: vim.lsp.enable('pyexplain') (lsp/pyexplain.lua, 0.11+)
--                setup:  require('pyexplain').setup() (lua/pyexplain/init.lua)
--   PYX_FILE     the Python file to open
--   PYX_HOVER    LINE:COL (1-based; COL in bytes) to hover
--   PYX_FIX      LINE:COL to ask for code actions at (optional: without it
--                there are no diagnostics and code action sections)
--   PYX_APPLY    the title of the code action to apply
--   PYX_DIAGNOSTICS  "none" when the file has no diagnostics to wait for
--   PYX_OUT      the report file
--   PYX_TIMEOUT  ms to wait for each step (default 15000)
-- and, optionally, for a project with a knowledge pack:
--   PYX_HOVERS        NAME=LINE:COL,...: more places to hover, each reported
--                     as "== hover NAME"
--   PYX_REWRITE       a file to rewrite on disk after the hovers, replacing
--   PYX_REWRITE_FROM  this text with
--   PYX_REWRITE_TO    this one; then `:write` saves the buffer and PYX_HOVER
--                     is hovered again until the float shows PYX_REWRITE_TO,
--                     reported as "== hover after save (N requests)"
-- The report has "== name" section lines, as in:
--   == nvim 0.11.4 (enable)
--   == hover
--   <the text of the hover float>
--   == diagnostics (1)
--   15:5 HINT pyexplain yield-in-for-loop: <message>
--   == code actions (1)
--   - Replace the loop with `yield from`
--   == buffer after apply
--   <the buffer>
--   == hover override
--   <the float at the PYX_HOVERS place named override>
--   == hover after save (1 request)
--   <the float after PYX_REWRITE was rewritten and the buffer saved>
--   == end
-- and "== error: ..." lines for what went wrong. Exit code 0, or 1 on an error.

local out = assert(io.open(assert(os.getenv('PYX_OUT'), 'PYX_OUT not set'), 'w'))
local timeout = tonumber(os.getenv('PYX_TIMEOUT') or '') or 15000
local errors = 0

local function say(text)
  out:write(text, '\n')
  out:flush()
end

local function fail(text)
  errors = errors + 1
  say('== error: ' .. text)
end

local function position(var)
  local line, col = (os.getenv(var) or ''):match('^(%d+):(%d+)$')
  assert(line, var .. ' must be LINE:COL')
  return tonumber(line), tonumber(col)
end

local function finish()
  say('== end')
  out:close()
  for _, client in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(2000, function()
    return #(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) == 0
  end, 50)
  vim.cmd(errors == 0 and 'qall!' or 'cquit! 1')
end

local function main()
  local version = vim.version()
  local mode = os.getenv('PYX_MODE') or 'enable'
  say(string.format('== nvim %d.%d.%d (%s)', version.major, version.minor, version.patch, mode))

  if vim.lsp.log and vim.lsp.log.set_level then
    vim.lsp.log.set_level('WARN')
  else
    vim.lsp.set_log_level('WARN')
  end
  vim.cmd('filetype on')

  -- What a user's init.lua does, per the README.
  if mode == 'enable' then
    vim.lsp.enable('pyexplain')
  else
    require('pyexplain').setup()
  end

  vim.cmd('edit ' .. vim.fn.fnameescape((assert(os.getenv('PYX_FILE'), 'PYX_FILE not set'))))
  local buf = vim.api.nvim_get_current_buf()

  local function buf_clients()
    if vim.lsp.get_clients then
      return vim.lsp.get_clients({ bufnr = buf })
    end
    local list = {}
    for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
      table.insert(list, client)
    end
    return list
  end

  local client
  vim.wait(timeout, function()
    for _, candidate in ipairs(buf_clients()) do
      if candidate.name == 'pyexplain' and candidate.initialized ~= false and candidate.server_capabilities then
        client = candidate
        return true
      end
    end
    return false
  end, 50)
  if not client then
    fail('no pyexplain client attached to the buffer within ' .. timeout .. ' ms (is `pyexplain` on PATH?)')
    return
  end
  say('== client ' .. client.name .. ' (id ' .. client.id .. ')')

  -- 1. Hover, as K does it: vim.lsp.buf.hover() opens a floating window; read it.
  local function floats()
    local list = {}
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        table.insert(list, win)
      end
    end
    return list
  end

  -- Hovers at LINE:COL until a float shows (the server may still be indexing
  -- the file) and, when `want` is given, until the float has it; returns the
  -- float's text (nil when none showed) and how many hover requests it took.
  local function hover_at(line, col, want)
    vim.api.nvim_win_set_cursor(0, { line, col - 1 })
    local text, requests = nil, 0
    local deadline = vim.loop.now() + timeout
    while vim.loop.now() < deadline do
      vim.lsp.buf.hover()
      requests = requests + 1
      local float
      vim.wait(1500, function()
        float = floats()[1]
        return float ~= nil
      end, 20)
      if float then
        local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
        text = table.concat(lines, '\n')
        -- a second hover() with a float open would enter it: close it first
        for _, win in ipairs(floats()) do
          vim.api.nvim_win_close(win, true)
        end
        if not want or text:find(want, 1, true) then
          break
        end
        vim.wait(200)
      end
    end
    return text, requests
  end

  do
    local line, col = position('PYX_HOVER')
    local text = hover_at(line, col)
    say('== hover')
    if text then
      say(text)
    else
      fail('no hover window within ' .. timeout .. ' ms')
    end
  end

  if os.getenv('PYX_FIX') then
    -- 2. Diagnostics, as vim.diagnostic has them (push or pull)
    local severities = { 'ERROR', 'WARN', 'INFO', 'HINT' }
    if os.getenv('PYX_DIAGNOSTICS') ~= 'none' then
      vim.wait(timeout, function()
        return #vim.diagnostic.get(buf) > 0
      end, 50)
    end
    do
      local diagnostics = vim.diagnostic.get(buf)
      table.sort(diagnostics, function(a, b)
        return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
      end)
      say(string.format('== diagnostics (%d)', #diagnostics))
      for _, d in ipairs(diagnostics) do
        local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
        say(string.format('%d:%d %s %s %s: %s', d.lnum + 1, d.col + 1, severities[d.severity] or tostring(d.severity),
          tostring(d.source), tostring(code), (d.message:gsub('\n', ' '))))
      end
    end

    -- 3. Code actions, as a user picks one: vim.lsp.buf.code_action() hands the
    -- list to vim.ui.select (a picker plugin's hook); choose PYX_APPLY there.
    do
      local line, col = position('PYX_FIX')
      vim.api.nvim_win_set_cursor(0, { line, col - 1 })
      local wanted = os.getenv('PYX_APPLY') or ''
      local offered
      local tick = vim.api.nvim_buf_get_changedtick(buf)
      vim.ui.select = function(items, opts, on_choice)
        offered = {}
        local chosen, chosen_index
        for index, item in ipairs(items) do
          local title = opts.format_item and opts.format_item(item) or tostring(item)
          table.insert(offered, title)
          if not chosen and title:find(wanted, 1, true) then
            chosen, chosen_index = item, index
          end
        end
        on_choice(chosen, chosen_index)
      end
      vim.lsp.buf.code_action()
      vim.wait(timeout, function()
        return offered ~= nil
      end, 20)
      offered = offered or {}
      say(string.format('== code actions (%d)', #offered))
      for _, title in ipairs(offered) do
        say('- ' .. title)
      end
      local applied = vim.wait(timeout, function()
        return vim.api.nvim_buf_get_changedtick(buf) ~= tick
      end, 20)
      if not applied then
        fail('the buffer did not change after choosing "' .. wanted .. '"')
      end
      vim.wait(200)
      say('== buffer after apply')
      say(table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n'))
    end
  end

  -- 4. More hovers (an override in the project's pack, ...)
  for name, place in (os.getenv('PYX_HOVERS') or ''):gmatch('([%w-]+)=(%d+:%d+)') do
    local line, col = place:match('^(%d+):(%d+)$')
    local text = hover_at(tonumber(line), tonumber(col))
    say('== hover ' .. name)
    if text then
      say(text)
    else
      fail('no hover window at ' .. place .. ' within ' .. timeout .. ' ms')
    end
  end

  -- 5. A pack file rewritten on disk, then the buffer saved: the server checks
  -- its folder's .pyexplain files on didSave when it does not watch them.
  local rewrite = os.getenv('PYX_REWRITE')
  if rewrite then
    local from, to = assert(os.getenv('PYX_REWRITE_FROM')), assert(os.getenv('PYX_REWRITE_TO'))
    local file = assert(io.open(rewrite, 'r'))
    local text = file:read('*a')
    file:close()
    local start, finish = text:find(from, 1, true)
    if not start then
      fail('no "' .. from .. '" in ' .. rewrite)
      return
    end
    file = assert(io.open(rewrite, 'w'))
    file:write(text:sub(1, start - 1), to, text:sub(finish + 1))
    file:close()
    say('== rewrote ' .. rewrite)
    vim.cmd('write')
    local line, col = position('PYX_HOVER')
    local shown, requests = hover_at(line, col, to)
    say(string.format('== hover after save (%d request%s)', requests, requests == 1 and '' or 's'))
    say(shown or '(no hover)')
  end
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  fail('probe: ' .. tostring(err))
end
finish()
