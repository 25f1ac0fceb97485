#pragma once

#include "core/routing/router.h"
#include "core/safety/programtiming.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace greenlight::core::greenwave {

// Where one intersection of a green wave stands. Values match the API's wave states.
enum class PassageStage : std::uint8_t {
    Waiting,   // ahead on the route, not asked yet
    Preparing, // asked for the vehicle's green; the clearance before it is running
    GreenHeld, // the vehicle's approach shows green and is held
    Passed,    // the vehicle went through; released at once
    Released,  // given back to its programme without the vehicle passing (route changed, wave ended)
    Refused,   // could not be asked (no phase serves the movement, or held by someone else)
};
// "waiting", "preparing", "green held", "passed", "released", "refused".
const char *stageName(PassageStage stage);

// One signalised intersection on the vehicle's route.
struct WavePassage {
    int intersection = -1;          // index into CityLayout::intersections
    int approachSegment = -1;       // the vehicle arrives on it
    int exitSegment = -1;           // and leaves on it
    std::vector<int> signalGroups;  // the movement that must be green
    int targetPhase = -1;           // the programme's green phase serving it; -1 when none does
    double etaS = 0;                // simulation time the vehicle is expected at the stop line
    PassageStage stage = PassageStage::Waiting;
    std::string note;               // why it was refused or released
};

// Something the wave asks of one intersection now.
struct WaveAction {
    enum class Kind { Request, Release };
    Kind kind = Kind::Request;
    int intersection = -1;
    int targetPhase = -1;           // Request: the green phase to go to and hold
};

// The programme's green phase that shows every one of the groups green (protected where it can,
// then the one stopping the fewest other movements), or -1 when none does.
int servingPhase(const safety::ProgramTiming &timing, const std::vector<int> &groups);

// The green phase the programme resumes at when a wave gives back an intersection it took while
// the programme ran `interrupted`: the interrupted green itself (its movements were cut short),
// or the green that was coming next; never one showing the wave's own target state again, which
// was just served. -1 (the planner's own choice) when interrupted is unknown.
int resumePhase(const safety::ProgramTiming &timing, int interrupted, int target);

// The phase a wave asks for. groups are the vehicle's movements in the order it crosses them:
// the phase serving them all, or where none does (a controller joining junctions whose crossings
// no phase serves at once) the one serving the longest leading run of them, so the next crossing
// is green. Of several, the one protecting them most, then the one also serving the most of
// approachGroups (every movement from the vehicle's approach: the queue in front of it clears
// too). -1 when none serves the first group.
int servingPhaseInOrder(const safety::ProgramTiming &timing, const std::vector<int> &groups,
                        const std::vector<int> &approachGroups = {});

// How a queue in front of the vehicle is timed once its light shows green: the first vehicle's
// start-up, then one vehicle per lane every headwayS. A light is asked at most maxLeadS ahead for
// it: clearing a longer queue would hold the light so long that the other movements lose more
// than the vehicle wins, and the queue forms again behind the green.
struct QueueTiming {
    double startUpS = 2.0;
    double headwayS = 2.0;
    double maxLeadS = 20.0;
};

// The queues on a path. halted[i]: vehicles per lane halted ahead of the vehicle on the path's
// i-th road; lightAt[i]: the signalised intersection that road leads into on the path, or -1.
// Every vehicle halted since the previous light (or the vehicle) is in the queue the next light's
// green must clear, whatever junctions without signals lie between: up to maxLeadS of it is how
// far ahead that light is asked (leadS), and the rest delays the vehicle whatever the light shows
// (delayS, on the road leading into the light).
struct QueuesAhead {
    std::map<int, double> leadS;   // by intersection
    std::vector<double> delayS;    // by position on the path
};
QueuesAhead queuesAhead(const std::vector<double> &halted, const std::vector<int> &lightAt,
                        const QueueTiming &timing = {});

// One passage per intersection: a controller that joins several junctions is crossed several
// times in a row, and the vehicle needs those movements green at once where a phase allows it
// (their groups stay in crossing order).
std::vector<routing::SignalPassage> mergedPassages(const std::vector<routing::SignalPassage> &signals);

// The timing of one green wave (signal-safety.md S11), as pure decisions: each intersection on
// the route is asked for the vehicle's green no earlier than its ETA needs (the clearance that
// must run first plus a margin), held while the vehicle approaches, and released as soon as the
// vehicle has passed or the route no longer goes through it. A lost vehicle or dispatcher shrinks
// the wave: no new requests, every active one released. Not thread-safe.
class WaveSchedule
{
public:
    struct Settings {
        double marginS = 6.0;        // asked this long before the clearance would have to start
        // A green held this long without the vehicle passing is given back...
        double maxHoldS = 60.0;
        double restS = 20.0;         // ...for this long, so the other movements are served, then asked again
        // Where a passage was asked further ahead than maxHoldS allows for (a long clearance, a
        // queue to clear), the hold may last that lead plus graceS.
        double graceS = 30.0;
        // Held this long in all, over every ask, without the vehicle getting through, the
        // intersection is left to its programme for the rest of the wave: the jam it is in costs
        // the other movements more than the wave can win.
        double maxTotalHoldS = 90.0;
    };

    // The passages are resolved against phaseFor(passage) -> target phase or -1 (the passage's
    // intersection, approach, exit and signal groups are set).
    using PhaseLookup = std::function<int(const WavePassage &passage)>;

    explicit WaveSchedule(PhaseLookup phaseFor, Settings settings);
    WaveSchedule(PhaseLookup phaseFor);

    // Takes a fresh route from the vehicle's position at nowS (ETAs relative to nowS) while it is
    // on currentSegment. Intersections still ahead keep their stage with a new ETA; new ones wait;
    // active ones no longer ahead are released: passed when the vehicle has left through their
    // exit, otherwise because the route changed. Consecutive passages through one intersection (a
    // controller joining several junctions) are one passage needing all their movements green;
    // one it holds whose target phase changes is asked for the new one at once. Returns the
    // releases and those requests to send.
    std::vector<WaveAction> update(const routing::Route &route, int currentSegment, double nowS);
    // What to ask now. leadFor(passage) says how long after asking the passage's green would show
    // (its clearance), or a negative value when it cannot be asked now (then it waits).
    std::vector<WaveAction> due(double nowS, const std::function<double(const WavePassage &)> &leadFor);
    // Records the outcome of a Request: refused (with why) or, once seen, green held.
    void refused(int intersection, const std::string &why);
    void greenShown(int intersection);
    // A refused intersection may be asked again (what refused it has gone): it waits once more.
    void retry(int intersection);
    // Gives back an intersection the vehicle cannot use now (why), not asked again for restS.
    // Returns the release to send; nothing unless it was asked or held.
    std::vector<WaveAction> giveBack(int intersection, const std::string &why, double nowS, double restS);
    // Shrinks the wave: nothing more is asked, every active intersection is released (S11).
    std::vector<WaveAction> shrink(const std::string &why);

    // Every passage seen so far, in route order (passed ones first).
    const std::vector<WavePassage> &passages() const { return m_passages; }
    // True once shrink() was called.
    bool shrunk() const { return m_shrunk; }

private:
    WavePassage *find(int intersection);

    PhaseLookup m_phaseFor;
    Settings m_settings;
    std::vector<WavePassage> m_passages;
    bool m_shrunk = false;
    std::vector<double> m_askedAtS;  // by passage: when it was asked
    std::vector<double> m_leadAtAskS; // by passage: how far ahead of the vehicle it was asked
    std::vector<double> m_heldBeforeS; // by passage: seconds asked or held in earlier asks
    std::vector<double> m_restUntilS; // by passage: not asked again before this time
    std::vector<int> m_route;        // the segments of the latest route, from the vehicle on
};

} // namespace greenlight::core::greenwave
