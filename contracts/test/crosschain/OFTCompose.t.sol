// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";
import {OptionsBuilder} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OptionsBuilder.sol";
import {OFTComposeMsgCodec} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/libs/OFTComposeMsgCodec.sol";
import {SendParam, MessagingFee} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {ILayerZeroComposer} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroComposer.sol";
import {IMessagingComposer} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/IMessagingComposer.sol";
import {
    ILayerZeroEndpointV2,
    Origin
} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";

import {CrossChainBase} from "./CrossChainBase.sol";

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
///      receive and the compose call their gas, whatever the sender asks for.
contract OFTComposeTest is CrossChainBase {
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
        (uint256 receiveGas,) = _parseExecutorLzReceiveOption(options[0]);
        assertEq(receiveGas, OFT_COMPOSE_RECEIVE_GAS, "enforced lzReceive gas");
        (uint16 index, uint256 composeGas,) = _parseExecutorLzComposeOption(options[0]);
        assertEq(index, 0);
        assertEq(composeGas, uint256(OFT_COMPOSE_GAS) + 1, "enforced lzCompose gas plus the sender's");
    }

    /// @dev End to end with the gas the options carry: the credit lands, the compose is queued, and
    ///      the composer runs with at least the enforced gas less the endpoint's overhead.
    function test_lzCompose_enforcedGas_succeeds() public {
        _sendStarvedCompose();
        (bytes[] memory packetBytes, bytes[] memory options) = _takePackets(ALPHA_EID, address(alpha.token));
        this.validatePacket(packetBytes[0], "");
        vm.recordLogs();
        this.lzReceive(packetBytes[0], options[0]);
        assertEq(alpha.token.balanceOf(address(composer)), 1 ether);

        (address from, address to, bytes32 guid, bytes memory message) = _composeSent(vm.getRecordedLogs());
        assertEq(from, address(alpha.token));
        assertEq(to, address(composer));
        this.lzCompose(ALPHA_EID, from, options[0], guid, to, message);

        assertEq(composer.calls(), 1);
        assertEq(composer.lastAmount(), 1 ether);
        assertGe(composer.gasAtEntry(), uint256(OFT_COMPOSE_GAS) * 9 / 10, "composer starved");
    }

    /// @dev The type-2 receive (credit plus the endpoint's compose queueing) fits its enforced gas
    ///      with headroom, first on its path like ReceiveGasTest's.
    function test_lzReceive_firstComposeUnderEnforcedGas_succeeds() public {
        _sendStarvedCompose();
        (bytes[] memory packetBytes,) = _takePackets(ALPHA_EID, address(alpha.token));
        this.validatePacket(packetBytes[0], "");
        (Origin memory origin, address receiver, bytes32 guid, bytes memory message) = this.decodePacket(packetBytes[0]);

        ILayerZeroEndpointV2(endpoints[ALPHA_EID]).lzReceive{gas: OFT_COMPOSE_RECEIVE_GAS}(
            origin, receiver, guid, message, ""
        );
        uint256 used = vm.snapshotGasLastCall("TrETHOFT", "lzReceive_compose");

        assertEq(alpha.token.balanceOf(address(composer)), 1 ether);
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, OFT_COMPOSE_RECEIVE_GAS, "enforced gas lacks headroom");
    }

    function _composeSent(Vm.Log[] memory logs)
        internal
        pure
        returns (address from, address to, bytes32 guid, bytes memory message)
    {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IMessagingComposer.ComposeSent.selector) {
                uint16 index;
                (from, to, guid, index, message) = abi.decode(logs[i].data, (address, address, bytes32, uint16, bytes));
                return (from, to, guid, message);
            }
        }
        revert("no ComposeSent");
    }
}
