// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OptionsBuilder} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OptionsBuilder.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {
    IOAppOptionsType3,
    EnforcedOptionParam
} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppOptionsType3.sol";
import {
    MessagingFee,
    MessagingReceipt,
    Origin
} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {Errors} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/Errors.sol";
import {GUID} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/GUID.sol";
import {UlnOptions} from "@layerzerolabs/lz-evm-messagelib-v2/contracts/uln/libs/UlnOptions.sol";

import {RateBroadcaster} from "../../src/hub/RateBroadcaster.sol";
import {RateMessage} from "../../src/shared/libraries/RateMessage.sol";
import {PlannedSystemBase} from "../crosschain/PlannedSystemBase.sol";

/// @dev Hub-side behaviour of the broadcaster, with real endpoints so sends and fees are real.
contract RateBroadcasterTest is PlannedSystemBase {
    using OptionsBuilder for bytes;

    /// @dev The receive gas the plan enforces on rate messages.
    uint128 internal immutable RATE_RECEIVE_GAS =
        uint128(vm.parseJsonUint(vm.readFile("config/wiring.json"), ".enforcedReceiveGas.rateUpdate"));

    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        _reportRewards(5 ether);
        vm.deal(attacker, 10 ether);
    }

    function _guid(uint64 nonce, Spoke memory spoke) internal view returns (bytes32) {
        return GUID.generate(nonce, HUB_EID, address(broadcaster), spoke.eid, _toBytes32(address(spoke.receiver)));
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_setsState_succeeds() public view {
        assertEq(address(broadcaster.trETH()), address(trETH));
        assertEq(address(broadcaster.endpoint()), address(_endpointOf(HUB_EID)));
        assertEq(broadcaster.owner(), _contract("hub", "Timelock"), "the plan hands the broadcaster to the timelock");
        assertEq(broadcaster.sequence(), 0);
        assertEq(broadcaster.MSG_RATE(), 1);
        assertEq(broadcaster.peers(ALPHA_EID), _toBytes32(address(alpha.receiver)));
        assertEq(
            broadcaster.enforcedOptions(ALPHA_EID, 1),
            OptionsBuilder.newOptions().addExecutorLzReceiveOption(RATE_RECEIVE_GAS, 0),
            "the plan enforces wiring.json's receive gas"
        );
    }

    // ------------------------------------------------------------------ quoteBroadcast

    function test_quoteBroadcast_enforcedOptions_succeeds() public view {
        MessagingFee memory fee = broadcaster.quoteBroadcast(ALPHA_EID);
        assertGt(fee.nativeFee, 0);
        assertEq(fee.lzTokenFee, 0);
    }

    /// @dev More enforced receive gas costs more: the quote reads the owner's options.
    function test_quoteBroadcast_followsEnforcedGas_succeeds() public {
        uint256 before = broadcaster.quoteBroadcast(ALPHA_EID).nativeFee;
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](1);
        params[0] =
            EnforcedOptionParam(ALPHA_EID, 1, OptionsBuilder.newOptions().addExecutorLzReceiveOption(500_000, 0));
        _prankOwner(address(broadcaster));
        broadcaster.setEnforcedOptions(params);

        assertGt(broadcaster.quoteBroadcast(ALPHA_EID).nativeFee, before);
    }

    // ------------------------------------------------------------------ broadcast

    function test_broadcast_quotedFee_succeeds() public {
        MessagingFee memory fee = broadcaster.quoteBroadcast(ALPHA_EID);
        uint256 rate = trETH.getRate();
        bytes32 guid = _guid(1, alpha);

        vm.expectEmit(address(broadcaster));
        emit RateBroadcaster.RateBroadcast(ALPHA_EID, rate, uint64(trETH.lastReportTime()), 1, guid);
        MessagingReceipt memory receipt = broadcaster.broadcast{value: fee.nativeFee}(ALPHA_EID);

        assertEq(receipt.guid, guid);
        assertEq(receipt.nonce, 1);
        assertEq(receipt.fee.nativeFee, fee.nativeFee);
        assertEq(broadcaster.sequence(), 1);
        (bytes[] memory pending,) = _takePackets(ALPHA_EID, address(alpha.receiver));
        assertEq(pending.length, 1, "the rate message is in flight");
    }

    /// @dev Anyone may pay for a broadcast, but the message carries the on-chain rate and time, so
    ///      a caller cannot choose what spokes receive.
    function test_broadcast_anyCallerSendsOnChainRate_succeeds() public {
        MessagingFee memory fee = broadcaster.quoteBroadcast(ALPHA_EID);
        vm.prank(attacker);
        broadcaster.broadcast{value: fee.nativeFee}(ALPHA_EID);

        (bytes[] memory packetBytes,) = _takePackets(ALPHA_EID, address(alpha.receiver));
        assertEq(packetBytes.length, 1);
        assertEq(this.messageOf(packetBytes[0]), RateMessage.encode(trETH.getRate(), uint64(trETH.lastReportTime()), 1));
    }

    /// @dev A broadcast long after the last report carries the report's time: re-sending an old
    ///      rate never makes it look fresh on the spokes.
    function test_broadcast_carriesLastReportTime_succeeds() public {
        uint256 reportTime = trETH.lastReportTime();
        vm.warp(block.timestamp + 3 days);
        MessagingFee memory fee = broadcaster.quoteBroadcast(ALPHA_EID);
        uint256 rate = trETH.getRate();

        vm.expectEmit(address(broadcaster));
        emit RateBroadcaster.RateBroadcast(ALPHA_EID, rate, uint64(reportTime), 1, _guid(1, alpha));
        broadcaster.broadcast{value: fee.nativeFee}(ALPHA_EID);
        _deliver(alpha);

        assertEq(alpha.receiver.lastUpdated(), reportTime);
        assertLt(reportTime, block.timestamp);

        // A new report moves the time the next broadcast carries.
        _reportRewards(0.01 ether);
        fee = broadcaster.quoteBroadcast(ALPHA_EID);
        broadcaster.broadcast{value: fee.nativeFee}(ALPHA_EID);
        _deliver(alpha);
        assertEq(alpha.receiver.lastUpdated(), block.timestamp);
    }

    /// @dev One counter across all spokes; LayerZero nonces stay per path.
    function test_broadcast_sequenceSpansSpokes_succeeds() public {
        assertEq(_broadcast(alpha).nonce, 1);
        assertEq(_broadcast(beta).nonce, 1);
        MessagingReceipt memory third = _broadcast(alpha);
        assertEq(third.nonce, 2);
        assertEq(third.guid, _guid(2, alpha));
        assertEq(broadcaster.sequence(), 3);
    }

    function test_broadcast_excessFeeRefunded_succeeds() public {
        uint256 fee = broadcaster.quoteBroadcast(ALPHA_EID).nativeFee;
        uint256 balanceBefore = attacker.balance;

        vm.prank(attacker);
        broadcaster.broadcast{value: fee * 3}(ALPHA_EID);

        assertEq(balanceBefore - attacker.balance, fee, "only the quoted fee is kept");
        assertEq(address(broadcaster).balance, 0);
    }

    function test_broadcast_insufficientFee_reverts() public {
        uint256 fee = broadcaster.quoteBroadcast(ALPHA_EID).nativeFee;
        vm.expectRevert(abi.encodeWithSelector(Errors.LZ_InsufficientFee.selector, fee, fee - 1, 0, 0));
        broadcaster.broadcast{value: fee - 1}(ALPHA_EID);
        assertEq(broadcaster.sequence(), 0);
    }

    function test_broadcast_noPeer_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.NoPeer.selector, uint32(99)));
        broadcaster.broadcast{value: 1 ether}(99);
    }

    /// @dev Without enforced options there is no receive gas to pay for: the send library refuses
    ///      the empty options at send time, so an unexecutable rate message is never emitted.
    function test_broadcast_noEnforcedOptions_reverts() public {
        RateBroadcaster bare = new RateBroadcaster(trETH, address(_endpointOf(HUB_EID)), address(this));
        bare.setPeer(ALPHA_EID, _toBytes32(address(alpha.receiver)));

        vm.expectRevert(abi.encodeWithSelector(UlnOptions.LZ_ULN_InvalidWorkerOptions.selector, 0));
        bare.quoteBroadcast(ALPHA_EID);
        vm.expectRevert(abi.encodeWithSelector(UlnOptions.LZ_ULN_InvalidWorkerOptions.selector, 0));
        bare.broadcast{value: 1 ether}(ALPHA_EID);
    }

    // ------------------------------------------------------------------ lzReceive

    /// @dev The hub only sends. Even a message from a wired peer is refused.
    function test_lzReceive_fromPeer_reverts() public {
        _prankOwner(address(broadcaster));
        broadcaster.setPeer(ALPHA_EID, _toBytes32(address(alpha.receiver)));
        Origin memory origin = Origin(ALPHA_EID, _toBytes32(address(alpha.receiver)), 1);

        vm.expectRevert(RateBroadcaster.RateBroadcaster_ReceiveNotSupported.selector);
        vm.prank(address(_endpointOf(HUB_EID)));
        broadcaster.lzReceive(origin, bytes32(0), "", address(0), "");
    }

    // ------------------------------------------------------------------ owner-only configuration

    function test_setEnforcedOptions_owner_succeeds() public {
        bytes memory options = OptionsBuilder.newOptions().addExecutorLzReceiveOption(150_000, 0);
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](1);
        params[0] = EnforcedOptionParam(BETA_EID, 1, options);

        _prankOwner(address(broadcaster));
        vm.expectEmit(address(broadcaster));
        emit IOAppOptionsType3.EnforcedOptionSet(params);
        broadcaster.setEnforcedOptions(params);

        assertEq(broadcaster.enforcedOptions(BETA_EID, 1), options);
    }

    function test_setEnforcedOptions_legacyOptionsType_reverts() public {
        bytes memory legacy = OptionsBuilder.encodeLegacyOptionsType1(200_000);
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](1);
        params[0] = EnforcedOptionParam(ALPHA_EID, 1, legacy);

        _prankOwner(address(broadcaster));
        vm.expectRevert(abi.encodeWithSelector(IOAppOptionsType3.InvalidOptions.selector, legacy));
        broadcaster.setEnforcedOptions(params);
    }

    /// @dev An attacker who could lower the receive gas would make every rate message stick.
    function test_setEnforcedOptions_notOwner_reverts() public {
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](1);
        params[0] = EnforcedOptionParam(ALPHA_EID, 1, OptionsBuilder.newOptions().addExecutorLzReceiveOption(1, 0));

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        broadcaster.setEnforcedOptions(params);
    }

    function test_setPeer_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        broadcaster.setPeer(ALPHA_EID, _toBytes32(attacker));
    }
}
