-- pyexplain for every Neovim from 0.7 on: require('pyexplain').setup(opts).
--
-- On 0.11+ this is vim.lsp.config() + vim.lsp.enable() with the same
-- defaults as lsp/pyexplain.lua. Older versions start the client from a
-- FileType autocmd: vim.lsp.start() where it exists (0.8+), else
-- vim.lsp.start_client() + vim.lsp.buf_attach_client() (0.7), one client
-- per project root.
local M = {}

M.defaults = {
  name = 'pyexplain',
  cmd = { 'pyexplain' },
  filetypes = { 'python' },
  root_markers = { '.pyexplain', 'pyproject.toml', 'setup.py', '.git' },
  settings = { pyexplain = {} },
}

-- root_dir -> client id, for Neovim 0.7 (vim.lsp.start reuses clients itself)
local clients_by_root = {}

local function merge(opts)
  local config = vim.deepcopy(M.defaults)
  for key, value in pairs(opts or {}) do
    if key == 'settings' then
      config.settings = vim.tbl_deep_extend('force', config.settings, value)
    else
      config[key] = value
    end
  end
  return config
end

-- The nearest folder above the buffer's file that holds one of the markers,
-- else the file's own folder (the cwd for a buffer without a file).
local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return vim.fn.getcwd()
  end
  local start = vim.fn.fnamemodify(name, ':p:h')
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

-- The client config without the keys that only this module reads.
local function client_config(config, root_dir)
  local client = vim.deepcopy(config)
  client.filetypes = nil
  client.root_markers = nil
  client.root_dir = root_dir
  -- functions do not survive deepcopy on every version: copy them over
  for key, value in pairs(config) do
    if type(value) == 'function' then
      client[key] = value
    end
  end
  return client
end

function M.attach(bufnr, config)
  local root_dir = config.root_dir or find_root(bufnr, config.root_markers or {})
  if type(root_dir) == 'function' then
    root_dir = root_dir(bufnr)
  end
  if vim.lsp.start then
    -- 0.8+: reuses the running client with the same name and root_dir
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(client_config(config, root_dir), { bufnr = bufnr })
    end)
    return
  end
  local id = clients_by_root[root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(config, root_dir))
    if not id then
      vim.notify('pyexplain: could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    clients_by_root[root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Start pyexplain for Python buffers.
--- opts (all optional): cmd, filetypes, root_markers, settings = { pyexplain = {...} },
--- and anything else vim.lsp.start_client() takes (on_attach, capabilities, ...).
function M.setup(opts)
  local config = merge(opts)
  -- use_autocmd = true: the FileType autocmd even on 0.11+
  local use_autocmd = config.use_autocmd
  config.use_autocmd = nil
  if vim.lsp.config and vim.lsp.enable and not use_autocmd then
    config.name = nil
    vim.lsp.config('pyexplain', config)
    vim.lsp.enable('pyexplain')
    return
  end
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    vim.notify('pyexplain: `' .. config.cmd[1] .. '` is not executable; install it or pass cmd to setup()',
      vim.log.levels.WARN)
  end
  local group = vim.api.nvim_create_augroup('pyexplain', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      M.attach(args.buf, config)
    end,
  })
  -- buffers opened before setup() ran (lazy loading on the python filetype)
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr, config)
    end
  end
end

return M
