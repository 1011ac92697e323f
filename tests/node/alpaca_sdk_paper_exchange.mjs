// Drives tradelet's paper exchange with Alpaca's official JavaScript SDK
// (@alpacahq/alpaca-trade-api), a client nobody in this project wrote. Usage:
//   node alpaca_sdk_paper_exchange.mjs <base_url> <out.json>
// Writes what the SDK saw as JSON; the C++ test (tests/live/node_sdk_test.cc) checks it
// against the exchange's own state. Covers what a bot built on SDK v4 calls: clock (v3 and
// legacy v2), account, assets, calendar (v3 and v2), bars (paged), orders (market, bracket, by
// id, by client order id, nested listings, cancel, duplicate client id) and positions.
import { writeFileSync } from "node:fs";
import { marketData, trading } from "@alpacahq/alpaca-trade-api";

const [baseUrl, outPath] = process.argv.slice(2);
const credentials = { keyId: "sdk-key", secret: "sdk-secret", basePath: baseUrl };
const config = new trading.Configuration(credentials);
const accounts = new trading.AccountsApi(config);
const assets = new trading.AssetsApi(config);
const calendar = new trading.CalendarApi(config);
const clock = new trading.ClockApi(config);
const orders = new trading.OrdersApi(config);
const positions = new trading.PositionsApi(config);
// The paper exchange serves the Market Data bars too (APCA_API_DATA_URL = the same URL).
const stocks = new marketData.StockApi(new marketData.Configuration(credentials));
const iso = (d) => d?.toISOString?.() ?? String(d);

const out = {};
const account = await accounts.getAccount();
out.account = { cash: account.cash, status: account.status, buyingPower: account.buyingPower };
const c = await clock.legacyClock();
out.clock = { isOpen: c.isOpen, timestamp: iso(c.timestamp) };
// SDK v4's clock() is GET /v3/clock: one clock per market.
const v3 = await clock.clock();
out.clockV3 = v3.clocks.map((k) => ({
  acronym: k.market?.acronym, mic: k.market?.mic, timezone: k.market?.timezone,
  isMarketDay: k.isMarketDay, phase: k.phase, phaseUntil: iso(k.phaseUntil),
  timestamp: iso(k.timestamp), nextMarketOpen: iso(k.nextMarketOpen),
  nextMarketClose: iso(k.nextMarketClose) }));
const pre = await clock.clock({ markets: "NYSE", time: new Date("2024-01-04T12:00:00Z") });
out.clockV3Pre = { phase: pre.clocks[0].phase, phaseUntil: iso(pre.clocks[0].phaseUntil) };

const listedAssets = await assets.getV2Assets({ status: "active" });
out.assets = listedAssets.map((a) => a.symbol).sort();
const asset = await assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: "BBB" });
out.asset = { symbol: asset.symbol, tradable: asset.tradable, id: asset.id };

const days = await calendar.legacyCalendar({
  start: new Date("2024-01-12T00:00:00Z"), end: new Date("2024-01-17T00:00:00Z") });
out.calendar = days.map((d) => String(d.date instanceof Date ? iso(d.date).slice(0, 10) : d.date));
const v3days = await calendar.calendar({
  market: "NYSE", start: new Date("2024-01-12T00:00:00Z"), end: new Date("2024-01-17T00:00:00Z") });
out.calendarV3 = v3days.calendar.map((d) => ({
  date: iso(d.date).slice(0, 10), coreStart: iso(d.coreStart), coreEnd: iso(d.coreEnd) }));

// Bars, page by page (limit 10 forces next_page_token).
out.bars = {};
let pageToken;
let pages = 0;
do {
  const page = await stocks.stockBars({ symbols: "AAA,BBB", timeframe: "15Min",
    start: new Date("2024-01-02T00:00:00Z"), limit: 10, feed: "iex", pageToken });
  for (const [sym, list] of Object.entries(page.bars ?? {})) {
    out.bars[sym] = (out.bars[sym] ?? []).concat(list.map((b) => ({ t: iso(new Date(b.t)), c: b.c })));
  }
  pageToken = page.nextPageToken ?? undefined;
  pages++;
} while (pageToken && pages < 100);
out.barPages = pages;

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

out.byClientId.legs = (byCid.legs ?? []).map((l) => ({
  type: l.type, limitPrice: l.limitPrice ?? null, stopPrice: l.stopPrice ?? null }));

const listed = await orders.getAllOrders({ status: "all", nested: true });
out.listed = listed.map((o) => ({ id: o.id, legs: (o.legs ?? []).length }));
const open = await orders.getAllOrders({ status: "open", nested: true });
out.openListed = open.map((o) => o.clientOrderId).sort();

await orders.deleteOrderByOrderID({ orderId: bracket.id });
const canceled = await orders.getOrderByOrderID({ orderId: bracket.id });
out.canceledStatus = canceled.status;
out.canceledLegs = (canceled.legs ?? []).map((l) => l.status);

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
