"""Look-ahead probes (python/tests/test_strategy.py)."""
import numpy as np

from tradelet.strategy import Strategy


class Peek(Strategy):
    """Records, at every step, what the history shows; tries to read one bar past the end
    (mode = "future"), to write into a column (mode = "write"), or to keep the context and use
    it after on_step (mode = "stash")."""

    def __init__(self, mode='record'):
        self.mode = mode
        self.rows = []      # (now_ns, bars visible, last bar time, last bar end)
        self.kept = None
        self.errors = []

    def on_step(self, ctx):
        h = ctx.history(0)
        t = h.time_ns
        self.rows.append((ctx.now_ns, len(h), int(t[-1]), int(t[-1]) + h.interval_ns,
                          len(h.close), len(h.open), len(h.adj_close)))
        if self.mode == 'future':
            h.close[len(h)]  # IndexError: the next bar is not there
        if self.mode == 'write':
            for column in (h.close, h.open, h.volume):
                try:
                    column[0] = 1.0
                except ValueError as e:
                    self.errors.append(str(e))
        if self.mode == 'stash':
            if self.kept is not None:
                old_h, old_len = self.kept
                self.errors.append((len(old_h), old_len, len(np.asarray(old_h.close))))
            self.kept = (h, len(h))
            self.ctx = ctx
