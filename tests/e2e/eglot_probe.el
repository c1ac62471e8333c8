;;; eglot_probe.el --- drive a real Eglot through editors/emacs/pyexplain-eglot.el  -*- lexical-binding: t; -*-

;; Run by tests/editors.rs as `emacs --batch -Q -l tests/e2e/eglot_probe.el'
;; with `pyexplain' on PATH, HOME set to a temporary folder, and:
;;   PYX_CONFIG  editors/emacs/pyexplain-eglot.el (what a user loads)
;;   PYX_FILE    the Python file to open
;;   PYX_HOVER   LINE:COL (1-based) to hover
;;   PYX_TIMEOUT seconds to wait for each step (default 15)
;; Prints a report with "== name" sections (as tests/e2e/nvim_probe.lua):
;; == emacs, == hover (what ElDoc would show), == diagnostics (Flymake), == end.
;; Exit code 0, or 1 when something failed.

(require 'package)
;; `emacs -Q' leaves Debian's site-lisp packages (elpa-eglot) out: add them.
(setq package-directory-list
      (append (split-string (or (getenv "PYX_ELPA_DIRS") "/usr/share/emacs/site-lisp/elpa") ":" t)
              package-directory-list))
(package-initialize)
(require 'cl-lib)
(require 'subr-x)

(defvar pyx-errors 0)
(defun pyx-say (text) (princ text) (terpri))
(defun pyx-fail (text) (setq pyx-errors (1+ pyx-errors)) (pyx-say (concat "== error: " text)))

(defun pyx-wait (seconds predicate)
  "Process events until PREDICATE returns non-nil or SECONDS pass; return its value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(condition-case err
    (let* ((timeout (string-to-number (or (getenv "PYX_TIMEOUT") "15")))
           (file (expand-file-name (getenv "PYX_FILE")))
           (hover (split-string (getenv "PYX_HOVER") ":"))
           buffer server hover-text)
      ;; What a user's init file does, per editors/emacs/README.md.
      (load (expand-file-name (getenv "PYX_CONFIG")) nil t)
      (require 'eglot)
      (setq eglot-sync-connect timeout ; `eglot' returns once initialized
            eglot-connect-timeout (max 30 timeout)
            eglot-autoshutdown nil
            jsonrpc-default-request-timeout timeout)
      (pyx-say (format "== emacs %s, eglot %s" emacs-version
                       (or (ignore-errors (package-version-join
                                           (package-desc-version (cadr (assq 'eglot package-alist)))))
                           "?")))
      (setq buffer (find-file-noselect file))
      (switch-to-buffer buffer)
      (python-mode) ; runs the config's `eglot-ensure' hook
      ;; `eglot-ensure' connects from `post-command-hook', which batch mode
      ;; never runs: connect as M-x eglot does, from `eglot-server-programs'.
      (unless (eglot-current-server)
        (apply #'eglot (eglot--guess-contact)))
      (setq server (eglot-current-server))
      (unless (and server (eglot-managed-p))
        (error "the buffer is not managed by Eglot (is `pyexplain' on PATH?)"))
      (pyx-say (format "== server %s" (mapconcat #'identity (process-command (jsonrpc--process server)) " ")))

      ;; Hover, as ElDoc asks for it: Eglot's own eldoc function renders it.
      (goto-char (point-min))
      (forward-line (1- (string-to-number (nth 0 hover))))
      (forward-char (1- (string-to-number (nth 1 hover))))
      (pyx-wait timeout
                (lambda ()
                  (unless hover-text
                    (eglot-hover-eldoc-function
                     (lambda (info &rest _) (setq hover-text (or info "")))))
                  (pyx-wait 2 (lambda () hover-text))
                  (if (and hover-text (not (string-empty-p hover-text)))
                      t
                    (setq hover-text nil))))
      (pyx-say "== hover")
      (if hover-text
          (pyx-say (string-trim (substring-no-properties hover-text)))
        (pyx-fail "no hover text"))

      ;; Diagnostics, as Flymake has them.
      (flymake-start)
      (pyx-wait timeout (lambda () (flymake-diagnostics)))
      (let ((diagnostics (flymake-diagnostics)))
        (pyx-say (format "== diagnostics (%d)" (length diagnostics)))
        (dolist (d diagnostics)
          (let ((beg (flymake-diagnostic-beg d)))
            (pyx-say (format "%d:%d %s %s" (line-number-at-pos beg)
                             (save-excursion (goto-char beg) (1+ (current-column)))
                             (flymake-diagnostic-type d)
                             (replace-regexp-in-string "\n" " " (flymake-diagnostic-text d)))))))
      (ignore-errors (eglot-shutdown server nil 5))
      (set-buffer-modified-p nil))
  (error (pyx-fail (format "%S" err))))

(pyx-say "== end")
(kill-emacs (if (> pyx-errors 0) 1 0))
