"""A Python strategy live against the paper exchange (`tradelet paper-exchange`) through the
same job as `tradelet run`: the exactly-once broker and the journal. A rerun of the slot
places nothing twice: the journal's orders are the exchange's orders."""
import json
import os
import sqlite3
import subprocess
import urllib.request

import pandas as pd
import pytest

from tradelet import live
from test_strategy import STRATEGIES


def write_bars(folder):
    """15-minute bars of three sessions (2024-01-02..04) for AAA and BBB."""
    for k, sym in enumerate(['AAA', 'BBB']):
        rows = ['time,open,high,low,close,volume']
        for day in ['2024-01-02', '2024-01-03', '2024-01-04']:
            for i, t in enumerate(pd.date_range(day + ' 14:30', periods=26, freq='15min')):
                p = 20 + 10 * k + (i % 5) * 0.1
                rows.append('{}Z,{},{},{},{},1000'.format(t.strftime('%Y-%m-%dT%H:%M:%S'),
                                                         p, p + 0.2, p - 0.2, p + 0.1))
        (folder / (sym + '.csv')).write_text('\n'.join(rows) + '\n')


@pytest.fixture
def exchange(tmp_path):
    binary = os.environ.get('TRADELET_BIN')
    if not binary or not os.path.exists(binary):
        pytest.skip('TRADELET_BIN (the tradelet binary, for its paper exchange) not given')
    data = tmp_path / 'bars'
    data.mkdir()
    write_bars(data)
    proc = subprocess.Popen([binary, 'paper-exchange', '--port', '0', '--data', str(data),
                             '--start', '2024-01-04T15:00:00Z'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        url = json.loads(proc.stdout.readline())['base_url']
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def exchange_orders(url):
    req = urllib.request.Request(url + '/v2/orders?status=all&limit=500', headers={
        'APCA-API-KEY-ID': 'k', 'APCA-API-SECRET-KEY': 's'})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_python_strategy_live_exactly_once(tmp_path, exchange, monkeypatch, capsys):
    for f in STRATEGIES.glob('pyst_live.py'):
        (tmp_path / f.name).write_text(f.read_text())
    journal = tmp_path / 'j.sqlite'
    cfg = tmp_path / 'live.toml'
    cfg.write_text('''[live]
strategy_id = "pylive"
symbols = ["AAA", "BBB"]
timeframe = "15Min"
lookback = "3d"
period = "15m"
max_staleness = "5m"
clock = "broker"
journal = "{}"
[strategy]
name = "python"
module = "pyst_live"
qty = 3
'''.format(journal))
    for k, v in {'APCA_API_BASE_URL': exchange, 'APCA_API_DATA_URL': exchange,
                 'APCA_API_KEY_ID': 'k', 'APCA_API_SECRET_KEY': 's'}.items():
        monkeypatch.setenv(k, v)
    first = live.run(cfg, slot='2024-01-04T15:00:00Z')
    assert first['outcome'] == 'ok', first
    assert sorted((o['symbol'], o['qty'], o['state']) for o in first['orders']) == [
        ('AAA', '3', 'placed'), ('BBB', '3', 'placed')]
    again = live.run(cfg, slot='2024-01-04T15:00:00Z')  # a retry of the same slot
    assert again['outcome'] == 'ok', again
    assert all(o['state'] in ('adopted',) for o in again['orders']), again['orders']
    from tradelet.__main__ import main  # python3 -m tradelet live: the same job, exit 0
    assert main(['live', str(cfg), '--at', '2024-01-04T15:00:00Z']) == 0
    assert json.loads(capsys.readouterr().out)['orders'][0]['state'] == 'adopted'
    at_exchange = sorted(o['client_order_id'] for o in exchange_orders(exchange))
    with sqlite3.connect(str(journal)) as db:
        journaled = sorted(r[0] for r in db.execute(
            "SELECT client_order_id FROM orders WHERE state IN ('placed', 'adopted')"))
    assert len(at_exchange) == 2 and journaled == at_exchange


def test_prophet_port_live_on_the_real_week(tmp_path, monkeypatch):
    """The Python Prophet trend port (examples/python) live against the paper exchange replaying
    the real week: the 09:45 slot of Wednesday 13 Feb 2019 (a universe run) places its bracket
    buys through the exactly-once broker — the same orders as the C++ prophet_trend places in
    the same slot on a fresh exchange; a rerun of the slot adopts them, places nothing new."""
    from conftest import REPO, shared_dir
    data = shared_dir() / 'data/intraday/alphavantage_2019-02-11_15'
    binary = os.environ.get('TRADELET_BIN')
    if not data.is_dir() or not binary or not os.path.exists(binary):
        pytest.skip('needs the shared 1-minute week ({}) and TRADELET_BIN'.format(data))
    src = REPO / 'examples' / 'python'
    (tmp_path / 'prophet_trend.py').write_text((src / 'prophet_trend.py').read_text())
    journal = tmp_path / 'pt.sqlite'
    cfg = tmp_path / 'pt.toml'
    cfg.write_text((src / 'prophet_trend_intraday.toml').read_text().replace(
        '/tmp/tradelet-pt-py.journal.sqlite', str(journal)))
    proc = subprocess.Popen([binary, 'paper-exchange', '--port', '0', '--data', str(data),
                             '--start', '2019-02-13T14:45:00Z'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        url = json.loads(proc.stdout.readline())['base_url']
        for k, v in {'APCA_API_BASE_URL': url, 'APCA_API_DATA_URL': url,
                     'APCA_API_KEY_ID': 'k', 'APCA_API_SECRET_KEY': 's'}.items():
            monkeypatch.setenv(k, v)
        first = live.run(cfg, slot='2019-02-13T14:45:00Z')
        assert first['outcome'] == 'ok', first
        placed = sorted(o['client_order_id'] for o in first['orders'] if o['state'] == 'placed')
        assert placed and all(o['state'] == 'placed' for o in first['orders']), first['orders']
        again = live.run(cfg, slot='2019-02-13T14:45:00Z')
        assert sorted(o['client_order_id'] for o in again['orders']) == placed
        assert all(o['state'] == 'adopted' for o in again['orders']), again['orders']
        ours = sorted(o['client_order_id'] for o in exchange_orders(url)  # parents, not legs
                      if o['client_order_id'].startswith('pt-py-')
                      and not o['client_order_id'].endswith(('-tp', '-sl')))
        with sqlite3.connect(str(journal)) as db:
            journaled = sorted(r[0] for r in db.execute(
                "SELECT client_order_id FROM orders WHERE state IN ('placed', 'adopted')"))
        print('live slot 2019-02-13T14:45Z: {} orders placed, rerun adopted {}; exchange {} '
              '== journal {}'.format(len(placed), len(again['orders']), len(ours),
                                     len(journaled)))
        assert ours == journaled == placed
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    # The C++ strategy, same slot, a fresh exchange: the same orders.
    cpp_cfg = tmp_path / 'cpp.toml'
    cpp_cfg.write_text((REPO / 'examples' / 'prophet_trend_intraday.toml').read_text().replace(
        '/tmp/tradelet-pt-intraday.journal.sqlite', str(tmp_path / 'cpp.sqlite')))
    proc = subprocess.Popen([binary, 'paper-exchange', '--port', '0', '--data', str(data),
                             '--start', '2019-02-13T14:45:00Z'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        url = json.loads(proc.stdout.readline())['base_url']
        monkeypatch.setenv('APCA_API_BASE_URL', url)
        monkeypatch.setenv('APCA_API_DATA_URL', url)
        cpp = live.run(cpp_cfg, slot='2019-02-13T14:45:00Z')
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    def intents(report):
        return sorted((o['symbol'], o['side'], o['qty'], o['type']) for o in report['orders'])
    assert cpp['outcome'] == 'ok' and intents(cpp) == intents(first)
