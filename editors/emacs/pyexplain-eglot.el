;;; pyexplain-eglot.el --- pyexplain with Eglot  -*- lexical-binding: t; -*-

;; Explanations of advanced Python constructs on hover (ElDoc), pitfalls as
;; Flymake diagnostics, and quick fixes (M-x eglot-code-actions), from the
;; pyexplain language server.
;;
;; Load this file from your init file, or copy the forms below into it:
;;   (load "/path/to/pyexplain/editors/emacs/pyexplain-eglot.el")
;; `pyexplain' must be on `exec-path' (PATH); else write its full path below.
;; Eglot shows Markdown hovers formatted only when `markdown-mode' is
;; installed (M-x package-install RET markdown-mode, or Debian's
;; elpa-markdown-mode); without it you read the Markdown source.

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((python-mode python-ts-mode) . ("pyexplain"))))

;; Start pyexplain in every Python buffer.
(add-hook 'python-mode-hook #'eglot-ensure)
(add-hook 'python-ts-mode-hook #'eglot-ensure)

;; Settings (all optional), per project in .dir-locals.el:
;;   ((python-mode
;;     . ((eglot-workspace-configuration
;;         . (:pyexplain (:hover (:detail "full")
;;                        :topics (:disabled ["import-system"])
;;                        :pitfalls (:open-without-with "off")
;;                        :pythonVersion "3.12"))))))

(provide 'pyexplain-eglot)
;;; pyexplain-eglot.el ends here
