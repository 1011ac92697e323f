"""Prophet's matplotlib plots for tradelet.prophet models: plot, plot_components,
add_changepoints_to_plot, plot_cross_validation_metric (same arguments as prophet.plot)."""
import numpy as np
import pandas as pd

from matplotlib import pyplot as plt
from matplotlib.ticker import PercentFormatter

_BLUE = '#0072B2'


def plot(m, fcst, ax=None, uncertainty=True, plot_cap=True, xlabel='ds', ylabel='y',
         figsize=(10, 6), include_legend=False):
    """History points, yhat, the interval band and the capacity: a matplotlib Figure."""
    if ax is None:
        fig = plt.figure(facecolor='w', figsize=figsize)
        ax = fig.add_subplot(111)
    else:
        fig = ax.get_figure()
    t = fcst['ds']
    ax.plot(m.history['ds'], m.history['y'], 'k.', label='Observed data points')
    ax.plot(t, fcst['yhat'], ls='-', c=_BLUE, label='Forecast')
    if 'cap' in fcst and plot_cap:
        ax.plot(t, fcst['cap'], ls='--', c='k', label='Maximum capacity')
    if m.logistic_floor and 'floor' in fcst and plot_cap:
        ax.plot(t, fcst['floor'], ls='--', c='k', label='Minimum capacity')
    if uncertainty and 'yhat_lower' in fcst:
        ax.fill_between(t, fcst['yhat_lower'], fcst['yhat_upper'], color=_BLUE, alpha=0.2,
                        label='Uncertainty interval')
    ax.grid(True, which='major', c='gray', ls='-', lw=1, alpha=0.2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if include_legend:
        ax.legend()
    fig.tight_layout()
    return fig


def add_changepoints_to_plot(ax, m, fcst, threshold=0.01, cp_color='r', cp_linestyle='--',
                             trend=True):
    """Adds the trend and the changepoints whose |rate change| >= threshold to ax."""
    artists = []
    if trend:
        artists.append(ax.plot(fcst['ds'], fcst['trend'], c=cp_color))
    delta = np.nanmean(np.asarray(m.params['delta']), axis=0)
    cps = m.changepoints[np.abs(delta) >= threshold] if len(m.changepoints) else []
    for cp in cps:
        artists.append(ax.axvline(x=cp, c=cp_color, ls=cp_linestyle))
    return artists


def plot_forecast_component(m, fcst, name, ax=None, uncertainty=True, plot_cap=False,
                            figsize=(10, 6)):
    if ax is None:
        fig = plt.figure(facecolor='w', figsize=figsize)
        ax = fig.add_subplot(111)
    t = fcst['ds']
    artists = ax.plot(t, fcst[name], ls='-', c=_BLUE)
    if 'cap' in fcst and plot_cap:
        artists += ax.plot(t, fcst['cap'], ls='--', c='k')
    if uncertainty and name + '_lower' in fcst:
        artists.append(ax.fill_between(t, fcst[name + '_lower'], fcst[name + '_upper'],
                                       color=_BLUE, alpha=0.2))
    ax.grid(True, which='major', c='gray', ls='-', lw=1, alpha=0.2)
    ax.set_xlabel('ds')
    ax.set_ylabel(name)
    if name in m.component_names_multiplicative():
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    return artists


def seasonality_plot_df(m, ds):
    """A frame for predicting seasonal components on dates ds (regressors 0, cap 1)."""
    df = pd.DataFrame({'ds': pd.to_datetime(ds)})
    if m.growth == 'logistic':
        df['cap'] = 1.
        df['floor'] = 0.
    for name in m.extra_regressors:
        df[name] = 0.
    for props in m.seasonalities.values():
        if props['condition_name'] is not None:
            df[props['condition_name']] = True
    return df


def plot_seasonality(m, name, ax=None, uncertainty=True, figsize=(10, 6), start=0):
    """One period of seasonality `name` (weekly from Sunday, yearly from 1 January + start)."""
    if ax is None:
        fig = plt.figure(facecolor='w', figsize=figsize)
        ax = fig.add_subplot(111)
    period = m.seasonalities[name]['period']
    base = pd.Timestamp('2017-01-01') + pd.Timedelta(days=start)
    if name == 'weekly':
        ds = pd.date_range(base, periods=7, freq='D')
    elif name == 'yearly':
        ds = pd.date_range(base, periods=365, freq='D')
    else:
        ds = pd.date_range(base, base + pd.Timedelta(days=period), periods=300)
    seas = m.predict(seasonality_plot_df(m, ds))
    x = seas['ds'].dt.day_name() if name == 'weekly' else seas['ds']
    artists = ax.plot(np.arange(len(x)) if name == 'weekly' else x, seas[name], ls='-', c=_BLUE)
    if uncertainty and name + '_lower' in seas:
        xs = np.arange(len(x)) if name == 'weekly' else x
        artists.append(ax.fill_between(xs, seas[name + '_lower'], seas[name + '_upper'],
                                       color=_BLUE, alpha=0.2))
    if name == 'weekly':
        ax.set_xticks(np.arange(len(x)))
        ax.set_xticklabels(list(x))
        ax.set_xlabel('Day of week')
    else:
        ax.set_xlabel('ds')
    ax.grid(True, which='major', c='gray', ls='-', lw=1, alpha=0.2)
    ax.set_ylabel(name)
    if m.seasonalities[name]['mode'] == 'multiplicative':
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1))
    return artists


def plot_components(m, fcst, uncertainty=True, plot_cap=True, weekly_start=0, yearly_start=0,
                    figsize=None):
    """Trend, holidays, every seasonality and the extra regressors, one panel each."""
    components = ['trend']
    if m.train_holiday_names is not None and 'holidays' in fcst:
        components.append('holidays')
    seasons = list(m.seasonalities)
    components += [s for s in ('weekly', 'yearly') if s in seasons]
    components += sorted(s for s in seasons if s not in ('weekly', 'yearly'))
    regs = {'additive': False, 'multiplicative': False}
    for props in m.extra_regressors.values():
        regs[props['mode']] = True
    components += ['extra_regressors_' + mode for mode, on in regs.items()
                   if on and 'extra_regressors_' + mode in fcst]
    n = len(components)
    fig, axes = plt.subplots(n, 1, facecolor='w', figsize=figsize or (9, 3 * n), squeeze=False)
    for ax, name in zip(axes[:, 0], components):
        if name in seasons:
            start = weekly_start if name == 'weekly' else yearly_start if name == 'yearly' else 0
            plot_seasonality(m, name, ax=ax, uncertainty=uncertainty, start=start)
        else:
            plot_forecast_component(m, fcst, name, ax=ax, uncertainty=uncertainty,
                                    plot_cap=plot_cap and name == 'trend')
    fig.tight_layout()
    return fig


def plot_cross_validation_metric(df_cv, metric, rolling_window=0.1, ax=None, figsize=(10, 6),
                                 color='b', point_color='gray'):
    """The metric per prediction (points) and its rolling mean (line) against the horizon."""
    from .diagnostics import performance_metrics
    if ax is None:
        fig = plt.figure(facecolor='w', figsize=figsize)
        ax = fig.add_subplot(111)
    else:
        fig = ax.get_figure()
    df_none = performance_metrics(df_cv, metrics=[metric], rolling_window=-1)
    df_h = performance_metrics(df_cv, metrics=[metric], rolling_window=rolling_window)
    tick_w = max(df_none['horizon'].astype('timedelta64[ns]')) if len(df_none) else pd.Timedelta(0)
    dts = ['D', 'h', 'm', 's', 'ms', 'us', 'ns']
    names = ['days', 'hours', 'minutes', 'seconds', 'milliseconds', 'microseconds',
             'nanoseconds']
    i = 0
    while i < len(dts) - 1 and pd.Timedelta(1, unit=dts[i]) > tick_w:
        i += 1
    unit = pd.Timedelta(1, unit=dts[i])
    x_none = df_none['horizon'] / unit
    x_h = df_h['horizon'] / unit
    ax.plot(x_none, df_none[metric], '.', alpha=0.1, c=point_color)
    ax.plot(x_h, df_h[metric], '-', c=color)
    ax.grid(True)
    ax.set_xlabel('Horizon ({})'.format(names[i]))
    ax.set_ylabel(metric)
    return fig




def plot_weekly(m, ax=None, uncertainty=True, weekly_start=0, figsize=(10, 6), name='weekly'):
    """The weekly seasonality over one week starting Sunday + weekly_start days."""
    return plot_seasonality(m, name, ax=ax, uncertainty=uncertainty, figsize=figsize,
                            start=weekly_start)


def plot_yearly(m, ax=None, uncertainty=True, yearly_start=0, figsize=(10, 6), name='yearly'):
    """The yearly seasonality over one year starting 1 January + yearly_start days."""
    return plot_seasonality(m, name, ax=ax, uncertainty=uncertainty, figsize=figsize,
                            start=yearly_start)


__all__ = ['plot', 'plot_components', 'plot_weekly', 'plot_yearly', 'add_changepoints_to_plot', 'plot_cross_validation_metric',
           'plot_forecast_component', 'plot_seasonality', 'seasonality_plot_df']
