#include "gatewayoptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <cmath>

namespace greenlight::gateway {

namespace {

QCommandLineOption option(const char *name, const char *description, const char *valueName,
                          const QString &defaultValue = {})
{
    return QCommandLineOption(QLatin1StringView(name), QString::fromLatin1(description), QLatin1StringView(valueName),
                              defaultValue);
}

bool parseNumber(const QString &text, double *out)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return false;
    *out = v;
    return true;
}

} // namespace

std::string defaultCacheDir()
{
    const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
    const QString base = xdg.isEmpty() || QFileInfo(xdg).isRelative() ? QDir::homePath() + QStringLiteral("/.cache") : xdg;
    return QDir(base).filePath(QStringLiteral("greenlight")).toStdString();
}

ParsedOptions parseGatewayOptions(const QStringList &arguments)
{
    ParsedOptions result;
    GatewayOptions &o = result.options;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Greenlight field gateway: serves a SUMO-simulated city over gRPC (greenlight.v1)."));
    const auto help = parser.addHelpOption();
    const auto version = parser.addVersionOption();
    const auto listen = option("listen", "Address to serve on (default 127.0.0.1:50051; port 0 picks a free one).", "host:port");
    const auto scenario = option("scenario", "SUMO scenario to run instead of the generated default city.", "file.sumocfg");
    const auto begin = option("begin", "Simulation begin time in seconds (default: the scenario's).", "seconds");
    const auto speed = option("speed", "Simulated seconds per wall second, or max (default 1).", "factor|max");
    const auto seed = option("seed", "Random seed of the simulation and the default city (default 42).", "n");
    const auto origin = option("origin", "Where the default city lies (default 52.5200,13.4050).", "lat,lon");
    const auto size = option("city-size", "Size of the default city: small or default.", "size");
    const auto cache = option("cache-dir", "Folder for generated cities (default $XDG_CACHE_HOME/greenlight).", "dir");
    const auto write = option("write-city", "Write the default city's SUMO files into dir, print the .sumocfg path and exit.", "dir");
    const auto track = option("track-vehicles", "Vehicles to stream: none, emergency or all (default all: up to 3000 at once; emergency vehicles are always streamed).", "which");
    const auto step = option("step-length", "Simulation step in seconds (default: the scenario's).", "seconds");
    const auto history = option("history", "Live messages kept for resuming streams (default 600, and at most 64 MB of them).", "n");
    const auto users = option("users", "Operators allowed to control signals, one 'name role token' per line (default: single-operator demo mode, every caller a supervisor).", "file");
    const auto audit = option("audit", "SQLite audit log of every control command (default <cache-dir>/audit-<city id>.sqlite3).", "file");
    const auto maxLease = option("max-lease", "Longest lease an operator can hold, in seconds (default 600).", "seconds");
    const auto grace = option("session-grace", "Seconds an operator's leases outlive their last session (default 10).", "seconds");
    const auto freshness = option("freshness", "Refuse signal commands to an intersection not heard from for this many wall-clock seconds (default 5, or three steps where slower).", "seconds");
    parser.addOptions({listen, scenario, begin, speed, seed, origin, size, cache, write, track, step, history, users, audit,
                       maxLease, grace, freshness});

    const auto fail = [&result](const QString &why) {
        result.error = why.toStdString();
        return result;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument: %1").arg(parser.positionalArguments().first()));
    if (parser.isSet(help)) {
        result.output = parser.helpText().toStdString();
        return result;
    }
    if (parser.isSet(version)) {
        result.output = "greenlight-gateway " GREENLIGHT_GATEWAY_VERSION "\n";
        return result;
    }
    if (parser.isSet(listen))
        o.listen = parser.value(listen).toStdString();
    if (parser.isSet(scenario)) {
        o.scenario = parser.value(scenario).toStdString();
        if (o.scenario.empty())
            return fail(QStringLiteral("--scenario needs a file"));
    }
    if (parser.isSet(begin)) {
        double v = 0;
        if (!parseNumber(parser.value(begin), &v) || v < 0)
            return fail(QStringLiteral("invalid --begin: %1").arg(parser.value(begin)));
        o.begin = v;
    }
    if (parser.isSet(speed)) {
        const QString text = parser.value(speed).trimmed();
        double v = 0;
        if (text.compare(QLatin1StringView("max"), Qt::CaseInsensitive) == 0)
            o.speedFactor = 0;
        else if (parseNumber(text, &v) && v > 0)
            o.speedFactor = v;
        else
            return fail(QStringLiteral("invalid --speed: %1 (a positive factor or max)").arg(text));
    }
    if (parser.isSet(seed)) {
        bool ok = false;
        const qulonglong v = parser.value(seed).trimmed().toULongLong(&ok);
        if (!ok || v > 0xffffffffull)
            return fail(QStringLiteral("invalid --seed: %1").arg(parser.value(seed)));
        o.seed = static_cast<std::uint32_t>(v);
    }
    if (parser.isSet(origin)) {
        const QStringList parts = parser.value(origin).split(u',');
        double lat = 0;
        double lon = 0;
        if (parts.size() != 2 || !parseNumber(parts[0], &lat) || !parseNumber(parts[1], &lon) || std::fabs(lat) > 80
            || std::fabs(lon) > 180)
            return fail(QStringLiteral("invalid --origin: %1 (expected LAT,LON)").arg(parser.value(origin)));
        o.origin = {lat, lon};
    }
    if (parser.isSet(size)) {
        const QString v = parser.value(size).trimmed().toLower();
        if (v == u"small")
            o.citySize = sumo::CitySize::Small;
        else if (v == u"default")
            o.citySize = sumo::CitySize::Default;
        else
            return fail(QStringLiteral("invalid --city-size: %1 (small or default)").arg(parser.value(size)));
    }
    o.cacheDir = parser.isSet(cache) ? parser.value(cache).toStdString() : defaultCacheDir();
    if (parser.isSet(write)) {
        o.writeCityDir = parser.value(write).toStdString();
        if (o.writeCityDir.empty())
            return fail(QStringLiteral("--write-city needs a folder"));
    }
    if (parser.isSet(track)) {
        const QString v = parser.value(track).trimmed().toLower();
        if (v == u"none")
            o.track = sumo::TrackVehicles::None;
        else if (v == u"emergency")
            o.track = sumo::TrackVehicles::Emergency;
        else if (v == u"all")
            o.track = sumo::TrackVehicles::All;
        else
            return fail(QStringLiteral("invalid --track-vehicles: %1 (none, emergency or all)").arg(parser.value(track)));
    }
    if (parser.isSet(step)) {
        double v = 0;
        if (!parseNumber(parser.value(step), &v) || v <= 0 || v > 60)
            return fail(QStringLiteral("invalid --step-length: %1").arg(parser.value(step)));
        o.stepLength = v;
    }
    if (parser.isSet(history)) {
        bool ok = false;
        const uint v = parser.value(history).trimmed().toUInt(&ok);
        if (!ok || v > 1000000)
            return fail(QStringLiteral("invalid --history: %1").arg(parser.value(history)));
        o.history = v;
    }
    if (parser.isSet(users)) {
        o.usersFile = parser.value(users).toStdString();
        if (o.usersFile.empty())
            return fail(QStringLiteral("--users needs a file"));
    }
    if (parser.isSet(audit)) {
        o.auditFile = parser.value(audit).toStdString();
        if (o.auditFile.empty())
            return fail(QStringLiteral("--audit needs a file"));
    }
    if (parser.isSet(maxLease)) {
        double v = 0;
        if (!parseNumber(parser.value(maxLease), &v) || v < 1 || v > 86400)
            return fail(QStringLiteral("invalid --max-lease: %1 (1 to 86400 seconds)").arg(parser.value(maxLease)));
        o.maxLeaseS = v;
    }
    if (parser.isSet(freshness)) {
        double v = 0;
        if (!parseNumber(parser.value(freshness), &v) || v <= 0 || v > 3600)
            return fail(QStringLiteral("invalid --freshness: %1 (above 0, up to 3600 seconds)").arg(parser.value(freshness)));
        o.freshnessS = v;
    }
    if (parser.isSet(grace)) {
        double v = 0;
        if (!parseNumber(parser.value(grace), &v) || v < 0 || v > 3600)
            return fail(QStringLiteral("invalid --session-grace: %1 (0 to 3600 seconds)").arg(parser.value(grace)));
        o.sessionGraceS = v;
    }
    return result;
}

} // namespace greenlight::gateway
