#include "benchreport.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace greenlight::bench {

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double rank = std::ceil(std::clamp(p, 0.0, 1.0) * double(values.size()));
    const size_t index = rank < 1 ? 0 : size_t(rank) - 1;
    return values[std::min(index, values.size() - 1)];
}

double weightedPercentile(std::vector<std::pair<double, double>> samples, double p)
{
    double total = 0;
    for (const auto &s : samples)
        total += s.second;
    if (samples.empty() || total <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(samples.begin(), samples.end());
    const double wanted = std::clamp(p, 0.0, 1.0) * total;
    double seen = 0;
    for (const auto &[value, weight] : samples) {
        seen += weight;
        if (seen >= wanted)
            return value;
    }
    return samples.back().first;
}

double mean(const std::vector<double> &values)
{
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

QString formatValue(double value, int decimals, const QString &unit)
{
    if (std::isnan(value))
        return unit.isEmpty() ? QStringLiteral("n/a") : QStringLiteral("n/a %1").arg(unit);
    QLocale english(QLocale::English);
    const QString number = english.toString(value, 'f', decimals);
    return unit.isEmpty() ? number : QStringLiteral("%1 %2").arg(number, unit);
}

bool printFigure(const Figure &figure)
{
    QString line = QStringLiteral("%1 %2").arg(figure.name, -34).arg(figure.value, 18);
    if (!figure.comparison.isEmpty())
        line += QStringLiteral("   ") + figure.comparison;
    QString verdict = QStringLiteral("INFO");
    if (!figure.target.isEmpty()) {
        line += QStringLiteral("   (%1)").arg(figure.target);
        verdict = figure.pass ? QStringLiteral("PASS") : QStringLiteral("MISS");
    }
    line += QStringLiteral("   ") + verdict;
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
    return figure.target.isEmpty() || figure.pass;
}

void printNote(const QString &text)
{
    std::printf("# %s\n", qPrintable(text));
    std::fflush(stdout);
}

void printResult(const QString &key, double value)
{
    std::printf("RESULT %s %.6g\n", qPrintable(key), value);
    std::fflush(stdout);
}

std::vector<std::pair<QString, double>> parseResults(const QString &output)
{
    std::vector<std::pair<QString, double>> results;
    const QStringList lines = output.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QStringList parts = line.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (parts.size() != 3 || parts[0] != QLatin1String("RESULT"))
            continue;
        bool ok = false;
        const double value = parts[2].toDouble(&ok);
        results.emplace_back(parts[1], ok ? value : std::numeric_limits<double>::quiet_NaN());
    }
    return results;
}

double resultValue(const std::vector<std::pair<QString, double>> &results, const QString &key)
{
    for (const auto &[k, v] : results)
        if (k == key)
            return v;
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace greenlight::bench
