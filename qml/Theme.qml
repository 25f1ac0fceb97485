pragma Singleton

import QtQuick
import Greenlight

// The console's dark control-room palette, type scale and metrics. Every colour the console
// shows comes from here; the signal colours match the map's palette.
QtObject {
    // Surfaces.
    readonly property color background: "#0d1117"
    readonly property color panel: "#161b22"
    readonly property color panelRaised: "#1f2630"
    readonly property color panelHover: "#262f3b"
    readonly property color border: "#30363d"
    readonly property color overlay: "#cc0d1117"
    readonly property color clear: "transparent"

    // Text.
    readonly property color text: "#e6edf3"
    readonly property color textMuted: "#9da7b3"
    readonly property color textOnAccent: "#ffffff"
    readonly property color textOnWarning: "#1a1300"
    readonly property color accent: "#2f81f7"
    readonly property color selection: "#00e0ff"

    // Signal colours (as the map draws them).
    readonly property color signalGreen: "#2ecc71"
    readonly property color signalYellow: "#f1c40f"
    readonly property color signalRedAmber: "#e67e22"
    readonly property color signalRed: "#e74c3c"
    readonly property color signalFlashing: "#f39c12"
    readonly property color signalOff: "#3b4048"
    readonly property color signalUnknown: "#6b7785"

    // Road congestion (as the map draws it).
    readonly property color roadFree: "#1e6b5e"
    readonly property color roadLight: "#c79a1e"
    readonly property color roadHeavy: "#e0602a"
    readonly property color roadJammed: "#a8142b"

    // Link states.
    readonly property color linkConnected: "#2ea043"
    readonly property color linkConnecting: accent
    readonly property color linkReconnecting: "#d29922"
    readonly property color linkStale: "#f85149"
    readonly property color linkIdle: "#6e7681"
    readonly property color bannerLost: "#b62324"
    readonly property color bannerStale: "#9e6a03"

    // Operator control (the map's rings around held intersections use the same violet).
    readonly property color controlHeld: "#b392f0"
    readonly property color controlMine: "#3fb950"
    readonly property color commandPending: "#e3b341"
    readonly property color commandEffective: "#3fb950"
    readonly property color commandRefused: "#ff7b72"
    readonly property color demoBadge: "#9e6a03"
    readonly property color danger: "#da3633"

    // Green waves (the map's route and markers use the same colours).
    readonly property color waveRoute: "#ff4fd8"
    readonly property color wavePlanned: "#ffffff"
    readonly property color waveWaiting: "#c9d1d9"
    readonly property color wavePreparing: "#e3b341"
    readonly property color waveGreen: "#3fb950"
    readonly property color waveBehind: "#6e7681"
    readonly property color waveRefused: "#ff7b72"

    // Type scale (pixels); nothing smaller than fontSmall.
    readonly property int fontSmall: 13
    readonly property int fontNormal: 15
    readonly property int fontLarge: 20
    readonly property int fontTitle: 24
    readonly property int fontHuge: 48
    readonly property string monoFamily: "DejaVu Sans Mono"

    // Metrics.
    readonly property int spacing: 8
    readonly property int margin: 16
    readonly property int radius: 6
    readonly property int panelWidth: 340
    readonly property int statusBarHeight: 40
    readonly property int chipSize: 16

    // The colour for a colour key of the console's models ("green", "red", ...).
    function signalColour(key: string): color {
        switch (key) {
        case "green": return signalGreen
        case "yellow": return signalYellow
        case "redAmber": return signalRedAmber
        case "red": return signalRed
        case "flashing": return signalFlashing
        case "off": return signalOff
        }
        return signalUnknown
    }

    // The colour for a SelectedControl.CommandState.
    function commandColour(state: int): color {
        switch (state) {
        case SelectedControl.Sending:
        case SelectedControl.Pending: return commandPending
        case SelectedControl.Effective:
        case SelectedControl.Done: return commandEffective
        case SelectedControl.Refused:
        case SelectedControl.Failed: return commandRefused
        }
        return textMuted
    }

    // The colour of a wave passage state key ("waiting", "preparing", "green", ...).
    function waveColour(key: string): color {
        switch (key) {
        case "planned": return wavePlanned
        case "waiting": return waveWaiting
        case "preparing": return wavePreparing
        case "green": return waveGreen
        case "refused": return waveRefused
        }
        return waveBehind
    }

    // The colour of a wave's state ("running", "arrived", "aborted", "lost").
    function waveStateColour(state: string): color {
        switch (state) {
        case "running": return waveRoute
        case "arrived": return waveGreen
        case "aborted": return wavePreparing
        case "lost": return waveRefused
        }
        return textMuted
    }

    // The badge colour for a GatewayLink status.
    function linkColour(status: int): color {
        switch (status) {
        case GatewayLink.Connected: return linkConnected
        case GatewayLink.Connecting: return linkConnecting
        case GatewayLink.Reconnecting: return linkReconnecting
        case GatewayLink.Stale: return linkStale
        }
        return linkIdle
    }
}
