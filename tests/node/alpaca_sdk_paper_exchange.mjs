// Drives tradelet's paper exchange with Alpaca's official JavaScript SDK
// (@alpacahq/alpaca-trade-api), a client nobody in this project wrote. Usage:
//   node alpaca_sdk_paper_exchange.mjs <base_url> <out.json>
// Writes what the SDK saw as JSON; the C++ test (tests/live/node_sdk_test.cc) checks it
// against the exchange's own state.
import { writeFileSync } from "node:fs";
import { trading } from "@alpacahq/alpaca-trade-api";

const [baseUrl, outPath] = process.argv.slice(2);
const config = new trading.Configuration({
  keyId: "sdk-key", secret: "sdk-secret", basePath: baseUrl,
});
const accounts = new trading.AccountsApi(config);
const clock = new trading.ClockApi(config);
const orders = new trading.OrdersApi(config);
const positions = new trading.PositionsApi(config);

const out = {};
const account = await accounts.getAccount();
out.account = { cash: account.cash, status: account.status, buyingPower: account.buyingPower };
const c = await clock.legacyClock();
out.clock = { isOpen: c.isOpen, timestamp: c.timestamp?.toISOString?.() ?? String(c.timestamp) };

const market = await orders.postOrder({ postOrderRequest: {
  symbol: "AAA", qty: "5", side: "buy", type: "market", timeInForce: "day",
  clientOrderId: "sdk-market-1" } });
out.market = { id: market.id, status: market.status, clientOrderId: market.clientOrderId };

const bracket = await orders.postOrder({ postOrderRequest: {
  symbol: "BBB", qty: "2", side: "buy", type: "limit", limitPrice: "40", timeInForce: "gtc",
  orderClass: "bracket", takeProfit: { limitPrice: "60" }, stopLoss: { stopPrice: "30" },
  clientOrderId: "sdk-bracket-1" } });
out.bracket = { id: bracket.id, orderClass: bracket.orderClass, legs: (bracket.legs ?? []).length };

const byId = await orders.getOrderByOrderID({ orderId: market.id });
out.byId = { id: byId.id, symbol: byId.symbol, qty: byId.qty };
const byCid = await orders.getOrderByClientOrderId({ clientOrderId: "sdk-bracket-1" });
out.byClientId = { id: byCid.id };

const listed = await orders.getAllOrders({ status: "all", nested: true });
out.listed = listed.map((o) => ({ id: o.id, legs: (o.legs ?? []).length }));

await orders.deleteOrderByOrderID({ orderId: bracket.id });
const canceled = await orders.getOrderByOrderID({ orderId: bracket.id });
out.canceledStatus = canceled.status;

try {
  await orders.postOrder({ postOrderRequest: {
    symbol: "AAA", qty: "5", side: "buy", type: "market", timeInForce: "day",
    clientOrderId: "sdk-market-1" } });
  out.duplicate = "accepted";
} catch (e) {
  out.duplicate = e?.status ?? e?.response?.status ?? String(e);
}

// Let the market order fill: the test moved the exchange clock via the admin endpoint.
await fetch(baseUrl + "/admin/clock", { method: "POST", body: JSON.stringify({ advance: "15m" }) });
const pos = await positions.getAllOpenPositions();
out.positions = pos.map((p) => ({ symbol: p.symbol, qty: p.qty, side: p.side }));
const one = await positions.getOpenPosition({ symbolOrAssetId: "AAA" });
out.position = { symbol: one.symbol, qty: one.qty };
writeFileSync(outPath, JSON.stringify(out, null, 1));
// The SDK leaves a timer or kept-alive socket that holds the event loop open for ~30 s after
// the last call; the work is done, so exit now.
process.exit(0);
