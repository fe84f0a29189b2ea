// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {OptionsBuilder} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OptionsBuilder.sol";
import {OFTComposeMsgCodec} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/libs/OFTComposeMsgCodec.sol";
import {SendParam, MessagingFee} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {ILayerZeroComposer} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroComposer.sol";

import {PlannedSystemBase} from "./PlannedSystemBase.sol";

/// @dev A composer that records what it was handed and the gas it started with.
contract RecordingComposer is ILayerZeroComposer {
    uint256 public calls;
    uint256 public gasAtEntry;
    bytes public lastMessage;

    function lzCompose(address, bytes32, bytes calldata message, address, bytes calldata) external payable {
        gasAtEntry = gasleft();
        ++calls;
        lastMessage = message;
    }

    /// @dev The trETH amount the OFT credited before composing.
    function lastAmount() external view returns (uint256) {
        return this.amountOf(lastMessage);
    }

    function amountOf(bytes calldata message) external pure returns (uint256) {
        return OFTComposeMsgCodec.amountLD(message);
    }
}

/// @dev Composed sends (OFTCore SEND_AND_CALL, message type 2): the enforced options give the
///      receive and the compose call their gas, whatever the sender asks for. The enforced options
///      are the deploy plan's; packets cross the plan's EndpointV2s after both DVNs verify them.
contract OFTComposeTest is PlannedSystemBase {
    using OptionsBuilder for bytes;

    uint256 internal constant MIN_HEADROOM_PCT = 30;
    RecordingComposer internal composer;

    function setUp() public override {
        super.setUp();
        composer = new RecordingComposer();
        _hubShares(alice, 10 ether);
    }

    /// @dev The attack: a sender asks for a 1-gas compose (and nothing for the receive).
    function _starvedComposeParam() internal view returns (SendParam memory param) {
        param = _sendParam(ALPHA_EID, address(composer), 1 ether);
        param.composeMsg = "hello";
        param.extraOptions = OptionsBuilder.newOptions().addExecutorLzComposeOption(0, 1, 0);
    }

    function _sendStarvedCompose() internal {
        SendParam memory param = _starvedComposeParam();
        MessagingFee memory fee = adapter.quoteSend(param, false);
        vm.prank(alice);
        adapter.send{value: fee.nativeFee}(param, fee, alice);
    }

    /// @dev The packet carries the enforced options first, the sender's after: the executor sums
    ///      them, so the compose gets the enforced gas plus the sender's 1.
    function test_send_composeGetsEnforcedGas_succeeds() public {
        _sendStarvedCompose();
        (bytes[] memory packetBytes, bytes[] memory options) = _takePackets(ALPHA_EID, address(alpha.token));
        assertEq(packetBytes.length, 1);
        assertEq(options[0], adapter.combineOptions(ALPHA_EID, OFT_SEND_AND_CALL, _starvedComposeParam().extraOptions));
        (uint256 enforcedReceive, uint256 enforcedCompose) = _enforcedGas(address(adapter), ALPHA_EID, OFT_SEND_AND_CALL);
        assertGt(enforcedCompose, 0, "no enforced compose gas");
        (uint256 receiveGas, uint256 composeGas) = this.executorGasOf(options[0]);
        assertEq(receiveGas, enforcedReceive, "enforced lzReceive gas");
        assertEq(composeGas, enforcedCompose + 1, "enforced lzCompose gas (index 0) plus the sender's");
    }

    /// @dev End to end with the gas the options carry: the credit lands, the compose is queued, and
    ///      the composer runs with at least the enforced gas less the endpoint's overhead.
    function test_lzCompose_enforcedGas_succeeds() public {
        _sendStarvedCompose();
        (bytes[] memory packetBytes, bytes[] memory options) = _takePackets(ALPHA_EID, address(alpha.token));
        (uint256 receiveGas, uint256 composeGas) = this.executorGasOf(options[0]);
        _verifyByBoth(packetBytes[0]);
        vm.recordLogs();
        _execute(packetBytes[0], receiveGas);
        assertEq(alpha.token.balanceOf(address(composer)), 1 ether);

        (address from, address to, bytes32 guid, bytes memory message) = _composeSent(vm.getRecordedLogs());
        assertEq(from, address(alpha.token));
        assertEq(to, address(composer));
        _executeCompose(ALPHA_EID, from, to, guid, message, composeGas);

        assertEq(composer.calls(), 1);
        assertEq(composer.lastAmount(), 1 ether);
        (, uint256 enforcedCompose) = _enforcedGas(address(adapter), ALPHA_EID, OFT_SEND_AND_CALL);
        assertGe(composer.gasAtEntry(), enforcedCompose * 9 / 10, "composer starved");
    }

    /// @dev The type-2 receive (credit plus the endpoint's compose queueing) fits its enforced gas
    ///      with headroom, first on its path like ReceiveGasTest's.
    function test_lzReceive_firstComposeUnderEnforcedGas_succeeds() public {
        _sendStarvedCompose();
        (bytes[] memory packetBytes,) = _takePackets(ALPHA_EID, address(alpha.token));
        (uint256 enforced,) = _enforcedGas(address(adapter), ALPHA_EID, OFT_SEND_AND_CALL);
        _verifyByBoth(packetBytes[0]);

        _execute(packetBytes[0], enforced);
        uint256 used = vm.snapshotGasLastCall("TrETHOFT", "lzReceive_compose");

        assertEq(alpha.token.balanceOf(address(composer)), 1 ether);
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, enforced, "enforced gas lacks headroom");
    }
}
