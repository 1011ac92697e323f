"""Test strategies (python/tests/test_strategy.py): buy-and-hold the way the C++ buy_and_hold
does it (the five stages), and a plain on_step one."""
from tradelet.strategy import FrameworkStrategy, Insight, Strategy, Target


class BuyOnce(FrameworkStrategy):
    """The C++ buy_and_hold with sizing = "fixed_qty": an Up insight on each symbol's first
    bar, a target of `qty` shares, the framework's default execution."""

    def __init__(self, qty=10):
        super().__init__()
        self.qty = qty
        self.seen = set()

    def alpha(self, ctx, universe):
        out = []
        for i in universe:
            if int(i) not in self.seen:
                self.seen.add(int(i))
                out.append(Insight(int(i), 'up', reference_price=ctx.last_close(i)))
        return out

    def portfolio(self, ctx, insights):
        return [Target(s.symbol, self.qty) for s in insights]


class StepOnce(Strategy):
    """Buys 10 of every symbol at the first step through ctx.buy (on_step only)."""

    def __init__(self):
        self.done = False
        self.steps = 0

    def on_step(self, ctx):
        self.steps += 1
        if not self.done:
            for i in ctx.updated:
                ctx.buy(int(i), 10)
            self.done = True
