#include "gatewayapp.h"

#include "convert/protoconvert.h"
#include "gateway/audit/auditstore.h"
#include "gateway/auth/userdirectory.h"
#include "gateway/control/controlservice.h"
#include "gateway/fieldwaves.h"
#include "gateway/greenwave/greenwaveservice.h"
#include "gateway/cityservice.h"
#include "gateway/gatewayoptions.h"
#include "gateway/gatewayserver.h"
#include "gateway/layoutversion.h"
#include "gateway/listenaddress.h"
#include "gateway/livehub.h"
#include "gateway/logging.h"
#include "gateway/sumo/citybuilder.h"
#include "gateway/sumo/sumosimulation.h"
#include "gateway/synthetic/syntheticfield.h"

#include <QDir>
#include <QFileInfo>
#include <QUuid>

#include <cctype>
#include <csignal>
#include <set>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace greenlight::gateway {

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr auto kShutdownGrace = std::chrono::milliseconds(2000);
constexpr auto kLeaseExpiryInterval = std::chrono::milliseconds(200);

int failWith(int code, const std::string &line)
{
    std::fprintf(stderr, "greenlight-gateway: %s\n", line.c_str());
    std::fflush(stderr);
    return code;
}

// libsumo finds its data through SUMO_HOME, which a bare machine does not set.
void ensureSumoHome()
{
    if (qEnvironmentVariableIsEmpty("SUMO_HOME") && QFileInfo::exists(QStringLiteral("/usr/share/sumo")))
        setenv("SUMO_HOME", "/usr/share/sumo", 1);
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after it; waitForStop()
// then takes them synchronously.
sigset_t blockStopSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return set;
}

// Waits for SIGINT/SIGTERM or for the simulation to fail; returns the failure, empty on a signal.
std::string waitForStop(const sigset_t &signals, const FieldAdapter &simulation)
{
    const timespec poll{0, 200 * 1000 * 1000};
    for (;;) {
        const int sig = sigtimedwait(&signals, nullptr, &poll);
        if (sig == SIGINT || sig == SIGTERM) {
            qCInfo(lcGateway, "received %s, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
            return {};
        }
        std::string why;
        if (simulation.failed(&why))
            return why.empty() ? std::string("unknown error") : why;
    }
}

struct Scenario {
    std::string sumocfg;
    sumo::CityIdentity identity;
    std::string label;  // GatewayInfo.scenario
    int synthetic = 0;  // intersections of a synthetic city; 0 for SUMO
};

std::optional<Scenario> prepareScenario(const GatewayOptions &o, std::string *error)
{
    if (const int n = synthetic::SyntheticField::parseScenario(o.scenario); n != 0) {
        if (n < 0) {
            *error = "invalid scenario " + o.scenario + ": expected synthetic:N with N intersections";
            return std::nullopt;
        }
        return Scenario{{}, {}, o.scenario, n};
    }
    if (!o.scenario.empty()) {
        const QFileInfo file(QString::fromStdString(o.scenario));
        if (!file.isFile() || !file.isReadable()) {
            *error = "cannot read scenario " + o.scenario + ": " + (file.exists() ? "not a readable file" : "no such file");
            return std::nullopt;
        }
        QString stem = file.fileName();
        if (stem.endsWith(QLatin1StringView(".sumocfg")))
            stem.chop(8);
        const std::string path = file.absoluteFilePath().toStdString();
        return Scenario{path, {stem.toStdString(), stem.toStdString()}, path};
    }
    sumo::CityBuilder builder(o.seed, o.citySize, o.origin);
    const auto config = builder.ensureCached(o.cacheDir, error);
    if (!config) {
        *error = "cannot generate the default city: " + *error;
        return std::nullopt;
    }
    return Scenario{*config, {"default-seed-" + std::to_string(o.seed), "Greenlight default city"}, "default"};
}

// The default audit log: one per city in the cache folder, so cities' histories never mix.
std::string defaultAuditFile(const GatewayOptions &o, const std::string &cityId)
{
    std::string name = cityId.empty() ? std::string("city") : cityId;
    for (char &c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
            c = '_';
    return QDir(QString::fromStdString(o.cacheDir)).filePath(QString::fromStdString("audit-" + name + ".sqlite3")).toStdString();
}

int writeCity(const GatewayOptions &o)
{
    std::string error;
    const auto config = sumo::CityBuilder(o.seed, o.citySize, o.origin).writeScenario(o.writeCityDir, &error);
    if (!config)
        return failWith(kExitFailure, "cannot write the city: " + error);
    std::printf("%s\n", config->c_str());
    return 0;
}

} // namespace

int runGateway(const QStringList &arguments)
{
    const ParsedOptions parsed = parseGatewayOptions(arguments);
    if (!parsed.error.empty())
        return failWith(kExitUsage, parsed.error);
    if (!parsed.output.empty()) {
        std::fputs(parsed.output.c_str(), stdout);
        return 0;
    }
    const GatewayOptions &o = parsed.options;
    if (!o.writeCityDir.empty())
        return writeCity(o);

    std::string error;
    const auto address = parseListenAddress(o.listen, &error);
    if (!address)
        return failWith(kExitUsage, "invalid --listen: " + error);
    // Fail fast on a port clash, before spending seconds on the city and SUMO.
    if (const auto why = probeListenAddress(*address); !why.empty())
        return failWith(kExitFailure, "cannot listen on " + address->text() + ": " + why);

    auth::UserDirectory users;
    if (!o.usersFile.empty()) {
        auto loaded = auth::UserDirectory::load(o.usersFile, &error);
        if (!loaded)
            return failWith(kExitUsage, "invalid --users: " + error);
        users = std::move(*loaded);
    }

    const auto scenario = prepareScenario(o, &error);
    if (!scenario)
        return failWith(kExitFailure, error);

    ensureSumoHome();
    const sigset_t stopSignals = blockStopSignals();
    std::unique_ptr<FieldAdapter> field;
    if (scenario->synthetic > 0) {
        synthetic::SyntheticCitySpec spec;
        spec.intersections = scenario->synthetic;
        spec.seed = o.seed;
        spec.origin = o.origin;
        synthetic::SyntheticFeedSettings feed;
        feed.speedFactor = o.speedFactor;
        feed.seed = o.seed;
        if (o.stepLength > 0)
            feed.tickSeconds = o.stepLength;
        field = std::make_unique<synthetic::SyntheticField>(spec, feed);
    } else {
        sumo::SimulationSettings settings;
        settings.sumocfg = scenario->sumocfg;
        settings.begin = o.begin;
        settings.stepLength = o.stepLength;
        settings.seed = o.seed;
        settings.speedFactor = o.speedFactor;
        settings.freshnessS = o.freshnessS;
        settings.track = o.track;
        settings.identity = scenario->identity;
        field = std::make_unique<sumo::SumoSimulation>(settings);
    }
    FieldAdapter &simulation = *field;
    const auto layout = simulation.load(&error);
    if (!layout)
        return failWith(kExitFailure, "cannot load scenario " + scenario->label + ": " + error);

    auto proto = std::make_shared<v1::CityLayout>();
    convert::toProto(*layout, proto.get());
    proto->set_layout_version(layoutVersionOf(*proto));
    const std::string runId = QUuid::createUuid().toString(QUuid::Id128).toStdString();

    LiveHubConfig hubConfig;
    hubConfig.history = o.history;
    LiveHub hub(hubConfig, runId, proto->layout_version(), layout->intersections.size(), layout->segments.size());

    v1::GatewayInfo info;
    info.set_gateway_version(GREENLIGHT_GATEWAY_VERSION);
    info.set_gateway_run_id(runId);
    info.set_city_id(proto->city_id());
    info.set_city_name(proto->name());
    info.set_scenario(scenario->label);
    info.set_sim_begin_s(simulation.beginTime());
    info.set_speed_factor(o.speedFactor);
    info.set_step_length_s(simulation.stepLength());
    // Emergency vehicles are always streamed, so "none" streams what "emergency" does.
    info.set_tracked_vehicles(o.track == sumo::TrackVehicles::All ? "all" : "emergency");
    info.set_resume_history(static_cast<std::uint32_t>(o.history));

    const std::string auditFile = o.auditFile.empty() ? defaultAuditFile(o, proto->city_id()) : o.auditFile;
    auto auditStore = audit::AuditStore::open(auditFile, &error);
    if (!auditStore)
        return failWith(kExitFailure, error);
    std::vector<std::string> intersectionIds;
    intersectionIds.reserve(static_cast<std::size_t>(proto->intersections_size()));
    for (const auto &intersection : proto->intersections())
        intersectionIds.push_back(intersection.id());

    CityService service(proto, hub, info, &users);
    control::ControlWiring wiring;
    wiring.field = simulation.control();
    wiring.hub = &hub;
    wiring.sessionGraceS = o.sessionGraceS;
    wiring.maxLeaseS = o.maxLeaseS;
    control::ControlService controlService(users, *auditStore, std::move(intersectionIds), wiring);
    FieldWaves *waves = simulation.waves();
    if (waves) {
        // S11: each wave's intersections are leases; a dispatcher whose sessions all ended loses them.
        waves->setGate(&controlService.waveGate());
        controlService.setOperatorLostHandler([waves](const std::string &name) {
            waves->abandon(name, "the connection of its dispatcher " + name + " was lost");
        });
    }
    greenwave::GreenWaveService waveService(users, *layout, waves, *auditStore);
    GatewayServer server(address->text(), {&service, &controlService, &waveService});
    if (users.demoMode())
        std::fprintf(stderr, "greenlight-gateway: no --users file: single-operator demo mode, every caller is a supervisor\n");
    else
        qCInfo(lcGateway, "%zu operators from %s", users.size(), o.usersFile.c_str());
    qCInfo(lcGateway, "audit log %s", auditFile.c_str());
    simulation.run(&hub);
    controlService.startExpiry(kLeaseExpiryInterval);
    if (!server.start(&error)) {
        controlService.stopExpiry();
        hub.close();
        simulation.stop();
        return failWith(kExitFailure, "cannot listen on " + address->text() + ": address in use or not available");
    }
    ListenAddress bound = *address;
    bound.port = server.port();
    std::fprintf(stderr, "greenlight-gateway: serving %s (%zu intersections, %zu segments) on %s\n",
                 proto->name().c_str(), layout->intersections.size(), layout->segments.size(), bound.text().c_str());
    std::fflush(stderr);

    const std::string failure = waitForStop(stopSignals, simulation);
    hub.close();
    server.shutdown(kShutdownGrace);
    controlService.stopExpiry();
    auditStore->close();
    simulation.stop();
    if (!failure.empty())
        return failWith(kExitFailure, "simulation stopped: " + failure);
    qCInfo(lcGateway, "stopped");
    return 0;
}

} // namespace greenlight::gateway
