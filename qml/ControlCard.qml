import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Who controls the selected intersection, the override running there with its countdown, where
// the operator's newest command stands, and the actions the operator may take now.
Rectangle {
    id: card

    required property SelectedControl control
    readonly property ControlClient client: Console.control
    readonly property real now: client.now

    // The window opens these dialogs (the shortcuts use them too).
    signal takeControlRequested(bool takeOver)
    signal goToPhaseRequested()
    signal flashRequested()

    // A compact action button that fits two to a row in the panel.
    component ActionButton: Button {
        Layout.fillWidth: true
        Layout.preferredWidth: 100
        focusPolicy: Qt.NoFocus
        font.pixelSize: Theme.fontSmall
        leftPadding: 6
        rightPadding: 6
    }

    implicitHeight: content.implicitHeight + 2 * Theme.margin
    radius: Theme.radius
    color: Theme.panelRaised
    border.color: card.control.held ? (card.control.mine ? Theme.controlMine : Theme.controlHeld) : Theme.border
    border.width: card.control.held ? 2 : 1

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Rectangle {
                implicitWidth: 12
                implicitHeight: 12
                radius: 6
                color: card.control.held ? (card.control.mine ? Theme.controlMine : Theme.controlHeld) : Theme.signalOff
            }
            Label {
                objectName: "controlHolder"
                Layout.fillWidth: true
                text: !card.control.held ? qsTr("Free — on its programme")
                    : card.control.mine ? qsTr("You hold control")
                    : qsTr("Held by %1 (%2)").arg(card.control.holder).arg(card.control.holderRole)
                color: Theme.text
                font.pixelSize: Theme.fontNormal
                font.bold: true
                wrapMode: Text.Wrap
            }
            Button {
                objectName: "renewButton"
                visible: card.control.mine
                enabled: card.control.canCommand
                text: qsTr("Renew")
                focusPolicy: Qt.NoFocus
                font.pixelSize: Theme.fontSmall
                leftPadding: 6
                rightPadding: 6
                topPadding: 2
                bottomPadding: 2
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Extend your control to the full lease time")
                onClicked: card.control.renew()
            }
            Label {
                objectName: "leaseCountdown"
                visible: card.control.held
                text: Format.remaining(card.control.leaseExpires, card.now)
                color: Theme.text
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontNormal
                ToolTip.visible: leaseHover.hovered
                ToolTip.text: qsTr("Control lapses in this time unless renewed")
                HoverHandler { id: leaseHover }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: card.control.held && card.control.reason.length > 0
            text: qsTr("“%1”").arg(card.control.reason)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.italic: true
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }

        // The override in force, with its own countdown.
        Label {
            objectName: "overrideText"
            Layout.fillWidth: true
            visible: card.control.hasOverride
            text: card.control.overrideText + " — "
                  + (card.control.overrideEffective ? qsTr("effective") : qsTr("pending"))
            color: card.control.overrideEffective ? Theme.commandEffective : Theme.commandPending
            font.pixelSize: Theme.fontNormal
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "overrideCountdown"
            visible: card.control.hasOverride && card.control.overrideExpires > 0
            text: qsTr("override ends in %1").arg(Format.remaining(card.control.overrideExpires, card.now))
            color: Theme.text
            font.family: Theme.monoFamily
            font.pixelSize: Theme.fontSmall
        }
        Label {
            Layout.fillWidth: true
            visible: card.control.hasOverride && card.control.overrideNote.length > 0
            text: card.control.overrideNote
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }

        // The operator's newest command about this intersection.
        Label {
            objectName: "commandText"
            Layout.fillWidth: true
            visible: text.length > 0
            text: card.control.commandText
            color: Theme.commandColour(card.control.commandState)
            font.pixelSize: Theme.fontSmall
            font.bold: true
            wrapMode: Text.Wrap
        }

        Label {
            objectName: "blockedText"
            Layout.fillWidth: true
            visible: text.length > 0
            text: card.control.blockedText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            visible: !card.control.mine && (!card.control.held || card.control.canTakeOver)

            Button {
                objectName: "takeControlButton"
                Layout.fillWidth: true
                visible: !card.control.held
                text: qsTr("Take control…  T")
                enabled: card.control.canTakeControl
                focusPolicy: Qt.NoFocus
                onClicked: card.takeControlRequested(false)
            }
            Button {
                objectName: "takeOverButton"
                Layout.fillWidth: true
                visible: card.control.canTakeOver
                text: qsTr("Take over…")
                focusPolicy: Qt.NoFocus
                onClicked: card.takeControlRequested(true)
            }
        }

        GridLayout {
            Layout.fillWidth: true
            columns: 2
            rowSpacing: Theme.spacing / 2
            columnSpacing: Theme.spacing / 2
            // Someone else's intersection offers nothing to press here but a take-over.
            visible: card.control.mine || (card.client.mayControl && !card.control.held)

            ActionButton {
                objectName: "holdButton"
                text: qsTr("Hold  H")
                enabled: card.control.canCommand
                onClicked: card.control.hold()
            }
            ActionButton {
                objectName: "advanceButton"
                text: qsTr("Advance  A")
                enabled: card.control.canCommand
                onClicked: card.control.advance()
            }
            ActionButton {
                objectName: "goToPhaseButton"
                text: qsTr("Phase…  G")
                enabled: card.control.canCommand
                onClicked: card.goToPhaseRequested()
            }
            ActionButton {
                objectName: "flashButton"
                text: qsTr("Flash…  ⇧F")
                enabled: card.control.canCommand
                onClicked: card.flashRequested()
            }
            ActionButton {
                objectName: "restoreButton"
                text: qsTr("Restore  R")
                enabled: card.control.canCommand && card.control.hasOverride
                onClicked: card.control.restore()
            }
            ActionButton {
                objectName: "releaseButton"
                text: qsTr("Release")
                enabled: card.control.canCommand
                onClicked: card.control.release()
            }
        }
    }
}
