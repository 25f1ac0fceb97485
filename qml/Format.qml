pragma Singleton

import QtQuick

// Formatting of times and counts for display.
QtObject {
    function pad2(n: int): string {
        return n < 10 ? "0" + n : "" + n
    }

    // Simulation seconds as HH:MM:SS (hours may pass 24 on long runs).
    function clock(seconds: real): string {
        if (seconds < 0 || isNaN(seconds))
            return "--:--:--"
        const s = Math.floor(seconds)
        return pad2(Math.floor(s / 3600)) + ":" + pad2(Math.floor(s / 60) % 60) + ":" + pad2(s % 60)
    }

    // An age like "0.2 s", "14 s", "3 min".
    function age(seconds: real): string {
        if (seconds < 0)
            return qsTr("never")
        if (seconds < 10)
            return qsTr("%1 s").arg(seconds.toFixed(1))
        if (seconds < 120)
            return qsTr("%1 s").arg(Math.floor(seconds))
        return qsTr("%1 min").arg(Math.floor(seconds / 60))
    }

    // Time left until a Unix ms deadline, as "9:58" or "45 s"; "—" when there is none.
    function remaining(untilMs: real, nowMs: real): string {
        if (untilMs <= 0)
            return "—"
        const s = Math.max(0, Math.ceil((untilMs - nowMs) / 1000))
        if (s < 60)
            return qsTr("%1 s").arg(s)
        if (s < 3600)
            return Math.floor(s / 60) + ":" + pad2(s % 60)
        return Math.floor(s / 3600) + ":" + pad2(Math.floor(s / 60) % 60) + ":" + pad2(s % 60)
    }

    // A count with thousands separators.
    function count(n: int): string {
        return Number(n).toLocaleString(Qt.locale(), "f", 0)
    }
}
