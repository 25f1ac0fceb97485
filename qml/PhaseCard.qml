import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// The selection's current phase and a big countdown to its next change.
Rectangle {
    id: card

    required property SelectedIntersection selection
    readonly property bool live: selection.hasLiveState
    readonly property real remaining: selection.secondsToChange
    readonly property real duration: selection.phaseDuration
    // An override holds the intersection: its programme does not change phase on schedule.
    property bool overridden: false
    property string overrideText

    function countdown(seconds: real): string {
        const s = Math.ceil(seconds)
        if (s < 60)
            return qsTr("%1 s").arg(s)
        return Math.floor(s / 60) + ":" + Format.pad2(s % 60)
    }

    implicitHeight: content.implicitHeight + 2 * Theme.margin
    radius: Theme.radius
    color: Theme.panelRaised
    border.color: Theme.border

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing / 2

        Label {
            objectName: "phaseText"
            text: card.live ? qsTr("Phase %1 of %2").arg(card.selection.phaseIndex + 1).arg(card.selection.phaseCount)
                            : qsTr("Waiting for live state…")
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
        }
        Label {
            Layout.fillWidth: true
            text: card.selection.phaseName
            visible: card.live && text.length > 0
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            elide: Text.ElideRight
        }
        Label {
            text: card.overridden ? qsTr("operator override") : qsTr("next change in")
            visible: card.live
            color: card.overridden ? Theme.controlHeld : Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.bold: card.overridden
        }
        Label {
            objectName: "countdown"
            text: card.overridden ? card.overrideText
                : card.live && card.remaining >= 0 ? card.countdown(card.remaining) : "—"
            color: card.overridden ? Theme.controlHeld
                 : card.live && card.remaining < 3 ? Theme.signalYellow : Theme.text
            fontSizeMode: Text.HorizontalFit
            Layout.fillWidth: true
            minimumPixelSize: Theme.fontLarge
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontHuge
            font.bold: true
        }
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 6
            radius: 3
            color: Theme.border
            visible: card.live && card.duration > 0 && !card.overridden

            Rectangle {
                width: parent.width * Math.max(0, Math.min(1, 1 - card.remaining / card.duration))
                height: parent.height
                radius: parent.radius
                color: Theme.accent
            }
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Signal state %1").arg(card.selection.phaseState)
            visible: card.live
            color: Theme.textMuted
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WrapAnywhere
        }
    }
}
