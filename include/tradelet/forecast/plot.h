// A self-contained HTML page (inline SVG, no scripts from the network) like Prophet's plot()
// and plot_components(): history points, yhat, the interval band, the trend, changepoints,
// then one panel per component. Pure: returns the page as a string.
#pragma once

#include <string>

#include "tradelet/forecast/prophet.h"

namespace tradelet::forecast {

std::string PlotHtml(const Prophet& model, const Forecast& forecast, const std::string& title);

}  // namespace tradelet::forecast
