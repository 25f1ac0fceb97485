import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Greenlight

// Confirms aborting the followed green wave and asks why; every intersection it holds goes back
// to its programme.
Popup {
    id: dialog

    readonly property SelectedWave wave: Console.selectedWave

    function submit() {
        const reason = field.text.trim()
        if (reason.length === 0)
            return
        if (dialog.wave.abort(reason))
            dialog.close()
    }

    width: 460
    implicitHeight: content.implicitHeight + topPadding + bottomPadding
    padding: Theme.margin
    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape
    onOpened: {
        field.text = ""
        field.forceActiveFocus()
    }

    background: Rectangle {
        radius: Theme.radius
        color: Theme.panel
        border.color: Theme.danger
        border.width: 2
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    ColumnLayout {
        id: content
        anchors.fill: parent
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: qsTr("Abort the green wave to %1?").arg(dialog.wave.destinationLabel)
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Every intersection it holds (%1) goes back to its programme; %2 continues without priority.")
                      .arg(dialog.wave.held).arg(dialog.wave.vehicleId)
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }
        TextField {
            id: field
            objectName: "waveAbortReason"
            Layout.fillWidth: true
            placeholderText: qsTr("Why? e.g. patient handed over, call cancelled")
            onAccepted: dialog.submit()
        }
        RowLayout {
            Layout.fillWidth: true
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Keep running")
                onClicked: dialog.close()
            }
            Button {
                objectName: "waveAbortConfirm"
                text: qsTr("Abort wave")
                enabled: field.text.trim().length > 0
                palette.button: Theme.danger
                palette.buttonText: Theme.textOnAccent
                font.bold: true
                onClicked: dialog.submit()
            }
        }
    }
}
