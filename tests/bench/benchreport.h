#pragma once

#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace greenlight::bench {

// The p-th quantile (0..1, nearest rank) of values; NaN when there are none.
double percentile(std::vector<double> values, double p);
// The p-th quantile of weighted samples (value, weight), each standing for weight observations.
double weightedPercentile(std::vector<std::pair<double, double>> samples, double p);
// The mean of values; NaN when there are none.
double mean(const std::vector<double> &values);

// "23.4 fps", "1,250,000 updates/s": a value with a fixed number of decimals and a unit.
QString formatValue(double value, int decimals, const QString &unit);

// One line of a benchmark's report:
//   name  value  [comparison]  [(target ...)]  PASS | MISS | INFO
// A figure without a target is informational (INFO).
struct Figure
{
    QString name;         // e.g. "map.fps.whole_city"
    QString value;        // formatted, with its unit
    QString comparison;   // baseline and ratio, or other context; may be empty
    QString target;       // e.g. "target >= 10 fps"; empty for INFO
    bool pass = true;     // ignored without a target
};

// Prints a figure on stdout at once and returns whether it passed (true for INFO).
bool printFigure(const Figure &figure);
// Prints a "# ..." line of context on stdout.
void printNote(const QString &text);
// Prints "RESULT key value", the line a parent benchmark process reads from a child.
void printResult(const QString &key, double value);
// Collects the RESULT lines of a child process's output: key -> value.
std::vector<std::pair<QString, double>> parseResults(const QString &output);
// The value of key in results, or NaN.
double resultValue(const std::vector<std::pair<QString, double>> &results, const QString &key);

} // namespace greenlight::bench
