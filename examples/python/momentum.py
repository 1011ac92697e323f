"""A small Python strategy (docs/python.md): long 10 shares while the close is above its
`window`-bar mean, flat below it. Run it with examples/python/momentum.toml."""
from tradelet.strategy import Strategy


class Momentum(Strategy):
    def __init__(self, window=50, qty=10):
        self.window = window
        self.qty = qty

    def on_step(self, ctx):
        for i in ctx.updated:                  # symbols whose bar just closed
            close = ctx.history(i).close       # numpy view: the closed bars only
            if len(close) < self.window or ctx.has_open_orders(i):
                continue
            above = close[-1] > close[-self.window:].mean()
            held = ctx.position(i)
            if above and held == 0:
                ctx.buy(i, self.qty)
            elif not above and held > 0:
                ctx.sell(i, held)
