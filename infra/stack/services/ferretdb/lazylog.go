package main

import (
	"context"
	"log/slog"
)

// lazyHandler puts off a handler's WithAttrs and WithGroup until a record is
// written.
//
// Why: FerretDB's SQL layer (internal/util/fsql) calls
// logger.With(slog.Any("args", args)).DebugContext(...) around every query,
// and slog's built-in handlers format the attributes of With at once, whatever
// the level. The args of an insert are the whole document as JSON, so a 4.5 MB
// photo was quoted and escaped twice per chunk into log lines nobody reads:
// two thirds of FerretDB's CPU on GridFS writes (measured with -debug-addr).
// With this wrapper the attributes are only formatted for a record that is
// enabled, so at the default level they cost nothing.
type lazyHandler struct {
	inner slog.Handler
	steps []lazyStep // applied in order to inner when a record is written
}

// lazyStep is one deferred WithAttrs (attrs) or WithGroup (group).
type lazyStep struct {
	attrs []slog.Attr
	group string
}

func newLazyHandler(inner slog.Handler) *lazyHandler { return &lazyHandler{inner: inner} }

func (h *lazyHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *lazyHandler) Handle(ctx context.Context, r slog.Record) error {
	handler := h.inner
	for _, s := range h.steps {
		if s.group != "" {
			handler = handler.WithGroup(s.group)
		} else {
			handler = handler.WithAttrs(s.attrs)
		}
	}
	return handler.Handle(ctx, r)
}

func (h *lazyHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return h.with(lazyStep{attrs: attrs})
}

func (h *lazyHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.with(lazyStep{group: name})
}

func (h *lazyHandler) with(s lazyStep) *lazyHandler {
	steps := make([]lazyStep, len(h.steps), len(h.steps)+1)
	copy(steps, h.steps)
	return &lazyHandler{inner: h.inner, steps: append(steps, s)}
}
