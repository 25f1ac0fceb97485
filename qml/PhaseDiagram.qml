pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import Greenlight

// A small plan of an intersection showing the movements one phase serves: an arrow per movement
// at the side its traffic comes from, pointing where it goes. Protected greens are solid green,
// permissive ones lighter, pedestrian crossings grey.
Item {
    id: diagram

    // [{side, symbol, bearing, protectedGreen, pedestrian}] as PhaseModel's "movements".
    required property var movements

    implicitWidth: 104
    implicitHeight: 104

    // The crossing roads.
    Rectangle {
        anchors.centerIn: parent
        width: parent.width * 0.34
        height: parent.height
        color: Theme.border
    }
    Rectangle {
        anchors.centerIn: parent
        width: parent.width
        height: parent.height * 0.34
        color: Theme.border
    }

    Repeater {
        model: {
            // Spread the arrows of one side along it.
            const perSide = [0, 0, 0, 0, 0]
            const placed = []
            for (const m of diagram.movements) {
                const side = m.side >= 0 ? m.side : 4
                placed.push({ m: m, slot: perSide[side]++, side: side })
            }
            for (const p of placed)
                p.total = perSide[p.side]
            return placed
        }
        delegate: Label {
            id: arrow
            required property var modelData
            readonly property real spread: (modelData.slot - (modelData.total - 1) / 2) * 13
            readonly property real cx: diagram.width / 2
            readonly property real cy: diagram.height / 2
            readonly property real reach: diagram.width * 0.36

            x: (modelData.side === 1 ? cx + reach : modelData.side === 3 ? cx - reach : cx + spread) - width / 2
            y: (modelData.side === 0 ? cy - reach : modelData.side === 2 ? cy + reach
                : modelData.side === 4 ? cy : cy + spread) - height / 2
            text: modelData.m.symbol
            rotation: modelData.m.pedestrian ? 0 : modelData.m.bearing
            color: modelData.m.pedestrian ? Theme.textMuted
                 : modelData.m.protectedGreen ? Theme.signalGreen : Qt.lighter(Theme.signalGreen, 1.5)
            font.pixelSize: Theme.fontLarge
            font.bold: true
        }
    }
}
