#pragma once

// Intersections shared by the signal-safety tests.

#include "core/citylayout.h"

#include <string>
#include <utility>
#include <vector>

namespace safetyfixtures {

using greenlight::core::Intersection;
using greenlight::core::Phase;
using greenlight::core::SignalGroup;
using greenlight::core::Turn;

inline void addGroup(Intersection &x, const char *approach, Turn turn)
{
    SignalGroup g;
    g.index = static_cast<int>(x.signalGroups.size());
    g.approach = approach;
    g.turn = turn;
    x.signalGroups.push_back(g);
}

inline void addPhase(Intersection &x, double duration, const char *state, double minDur = 0, double maxDur = 0)
{
    Phase p;
    p.index = static_cast<int>(x.phases.size());
    p.durationS = duration;
    p.minDurationS = minDur > 0 ? minDur : duration;
    p.maxDurationS = maxDur > 0 ? maxDur : duration;
    p.state = state;
    x.phases.push_back(p);
}

inline void addFoes(Intersection &x, const std::vector<int> &as, const std::vector<int> &bs)
{
    x.foes.resize(x.signalGroups.size());
    for (int a : as)
        for (int b : bs)
            x.foes[static_cast<std::size_t>(a)].push_back(b); // one direction only: the code symmetrises
}

// Groups right/straight/left for N (0-2), E (3-5), S (6-8), W (9-11); every north-south movement
// conflicts with every east-west one, and each left turn with the opposing straight and right.
inline Intersection fourArms(const std::string &id)
{
    Intersection x;
    x.id = id;
    for (const char *arm : {"N", "E", "S", "W"}) {
        addGroup(x, arm, Turn::Right);
        addGroup(x, arm, Turn::Straight);
        addGroup(x, arm, Turn::Left);
    }
    addFoes(x, {0, 1, 2, 6, 7, 8}, {3, 4, 5, 9, 10, 11});
    addFoes(x, {2}, {6, 7});
    addFoes(x, {8}, {0, 1});
    addFoes(x, {5}, {9, 10});
    addFoes(x, {11}, {3, 4});
    return x;
}

// The fixed programme netconvert writes for a plain four-arm junction: no all-red.
inline Intersection plainNetconvert()
{
    Intersection x = fourArms("plain");
    addPhase(x, 31, "GGgrrrGGgrrr");
    addPhase(x, 4, "yyyrrryyyrrr");
    addPhase(x, 31, "rrrGGgrrrGGg");
    addPhase(x, 4, "rrryyyrrryyy");
    return x;
}

// Four green phases: through with permissive lefts, then protected lefts, per axis; the
// east-west through phase is actuated (minimum 10 s).
inline Intersection fourPhaseLefts()
{
    Intersection x = fourArms("lefts");
    addPhase(x, 25, "GGgrrrGGgrrr");
    addPhase(x, 4, "yyGrrryyGrrr");
    addPhase(x, 8, "rrGrrrrrGrrr");
    addPhase(x, 3, "rryrrrrryrrr");
    addPhase(x, 25, "rrrGGgrrrGGg", 10, 40);
    addPhase(x, 4, "rrryyGrrryyG");
    addPhase(x, 8, "rrrrrGrrrrrG");
    addPhase(x, 3, "rrrrryrrrrry");
    return x;
}

// Straight and left for N (0, 1), S (2, 3), E (4, 5), W (6, 7), then crossings over the north (8),
// east (9), south (10) and west (11) arms. A programme with pedestrian clearance, 2 s all-red and
// 1 s red-amber.
inline Intersection crossingsAllRed()
{
    Intersection x;
    x.id = "crossings";
    for (const char *arm : {"N", "S", "E", "W"}) {
        addGroup(x, arm, Turn::Straight);
        addGroup(x, arm, Turn::Left);
    }
    for (const char *arm : {"N", "E", "S", "W"})
        addGroup(x, arm, Turn::Pedestrian);
    addFoes(x, {0, 1, 2, 3}, {4, 5, 6, 7});
    addFoes(x, {1}, {2});
    addFoes(x, {3}, {0});
    addFoes(x, {5}, {6});
    addFoes(x, {7}, {4});
    addFoes(x, {8}, {0, 1, 2, 7});
    addFoes(x, {9}, {4, 5, 6, 1});
    addFoes(x, {10}, {2, 3, 0, 5});
    addFoes(x, {11}, {6, 7, 4, 3});
    addPhase(x, 30, "GgGgrrrrrGrG");
    addPhase(x, 5, "GgGgrrrrrrrr");
    addPhase(x, 3, "yyyyrrrrrrrr");
    addPhase(x, 2, "rrrrrrrrrrrr");
    addPhase(x, 1, "rrrruuuurrrr");
    addPhase(x, 30, "rrrrGgGgGrGr");
    addPhase(x, 5, "rrrrGgGgrrrr");
    addPhase(x, 3, "rrrryyyyrrrr");
    addPhase(x, 2, "rrrrrrrrrrrr");
    addPhase(x, 1, "uuuurrrrrrrr");
    return x;
}

// One controller joining two junctions, X (groups 0: north-south, 1: east-west) and Y (2:
// north-south, 3: east-west), as netconvert joins close junctions: a phase for X alone, then one
// for Y alone, then east-west at both; 2 s all-red after X's north-south yellow.
inline Intersection joinedJunctions()
{
    Intersection x;
    x.id = "joined";
    addGroup(x, "X N", Turn::Straight);
    addGroup(x, "X E", Turn::Straight);
    addGroup(x, "Y N", Turn::Straight);
    addGroup(x, "Y E", Turn::Straight);
    addFoes(x, {0}, {1});
    addFoes(x, {2}, {3});
    addPhase(x, 20, "Grrr", 5, 40);
    addPhase(x, 3, "yrrr");
    addPhase(x, 2, "rrrr");
    addPhase(x, 20, "rrGr", 5, 40);
    addPhase(x, 3, "rryr");
    addPhase(x, 1, "rrrr");
    addPhase(x, 20, "rGrG", 5, 40);
    addPhase(x, 3, "ryry");
    addPhase(x, 2, "rrrr");
    return x;
}

// Every fixture, by name.
inline std::vector<Intersection> all()
{
    return {plainNetconvert(), fourPhaseLefts(), crossingsAllRed(), joinedJunctions()};
}

inline Intersection byName(const std::string &name)
{
    for (const Intersection &x : all())
        if (x.id == name)
            return x;
    return {};
}

// The programme as the field shows it: every phase change from t=0 for `cycles` cycles, as
// (time, state) pairs.
inline std::vector<std::pair<double, std::string>> programmeRun(const Intersection &x, int cycles)
{
    std::vector<std::pair<double, std::string>> out;
    double t = 0;
    for (int c = 0; c < cycles; ++c) {
        for (const Phase &p : x.phases) {
            out.emplace_back(t, p.state);
            t += p.durationS;
        }
    }
    return out;
}

} // namespace safetyfixtures
