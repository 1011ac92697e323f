"""A live test strategy (python/tests/test_strategy_live.py): hold `qty` shares of every
symbol (the framework's default execution trades target - position - open orders)."""
from tradelet.strategy import FrameworkStrategy, Target


class HoldQty(FrameworkStrategy):
    def __init__(self, qty=3):
        super().__init__()
        self.qty = qty
        self.steps = 0

    def universe(self, ctx):
        self.steps += 1
        return list(range(len(ctx.symbols)))

    def alpha(self, ctx, universe):
        return universe  # any non-empty value lets the portfolio stage run

    def portfolio(self, ctx, insights):
        return [Target(i, self.qty) for i in insights]
