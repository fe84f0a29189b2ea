// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {OAppReceiver} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OAppReceiver.sol";

import {IRateReceiver} from "../../src/shared/interfaces/IRateReceiver.sol";
import {RateMessage} from "../../src/shared/libraries/RateMessage.sol";
import {SpokeBase} from "./SpokeBase.sol";

contract RateReceiverTest is SpokeBase {
    uint64 internal constant T0 = 1_750_000_000;

    function _assertStored(uint256 rate, uint64 reportTime, uint64 sequence) internal view {
        assertEq(receiver.getRate(), rate, "rate");
        assertEq(receiver.lastUpdated(), reportTime, "reportTime");
        assertEq(receiver.sequence(), sequence, "sequence");
        (uint256 r, uint256 updatedAt) = receiver.rateAndUpdatedAt();
        assertEq(r, rate);
        assertEq(updatedAt, reportTime);
    }

    // ------------------------------------------------------------------ constructor and metadata

    function test_constructor_setsOwnerAndEndpoint_succeeds() public view {
        assertEq(receiver.owner(), owner);
        assertEq(address(receiver.endpoint()), address(endpoint));
        assertEq(endpoint.delegates(address(receiver)), owner, "owner is the endpoint delegate");
        assertEq(receiver.peers(HUB_EID), _b32(hubBroadcaster));
    }

    function test_decimals_eighteen_succeeds() public view {
        assertEq(receiver.decimals(), 18);
    }

    function test_description_constant_succeeds() public view {
        assertEq(receiver.description(), "trETH / ETH exchange rate");
    }

    function test_version_constant_succeeds() public view {
        assertEq(receiver.version(), 1);
    }

    // ------------------------------------------------------------------ reads before the first rate

    function test_getRate_beforeFirstUpdate_reverts() public {
        vm.expectRevert(IRateReceiver.RateReceiver_NoRate.selector);
        receiver.getRate();
    }

    function test_latestRoundData_beforeFirstUpdate_reverts() public {
        vm.expectRevert(IRateReceiver.RateReceiver_NoRate.selector);
        receiver.latestRoundData();
    }

    function test_rateAndUpdatedAt_beforeFirstUpdate_succeeds() public view {
        (uint256 rate, uint256 updatedAt) = receiver.rateAndUpdatedAt();
        assertEq(rate, 0);
        assertEq(updatedAt, 0);
        assertEq(receiver.lastUpdated(), 0);
        assertEq(receiver.sequence(), 0);
    }

    // ------------------------------------------------------------------ lzReceive: accepted

    function test_lzReceive_newerSequence_succeeds() public {
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdated(1.05e18, T0, 1);
        _pushRate(1.05e18, T0, 1);
        _assertStored(1.05e18, T0, 1);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdated(1.06e18, T0 + 60, 2);
        _pushRate(1.06e18, T0 + 60, 2);
        _assertStored(1.06e18, T0 + 60, 2);
    }

    /// @dev The hub numbers broadcasts across all spokes, so one spoke sees gaps.
    function test_lzReceive_sequenceGap_succeeds() public {
        _pushRate(1.05e18, T0, 1);
        _pushRate(1.07e18, T0 + 60, 9);
        _assertStored(1.07e18, T0 + 60, 9);
    }

    function test_latestRoundData_afterUpdate_succeeds() public {
        _pushRate(1.05e18, T0, 4);
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            receiver.latestRoundData();
        assertEq(roundId, 4);
        assertEq(answer, 1.05e18);
        assertEq(startedAt, T0);
        assertEq(updatedAt, T0);
        assertEq(answeredInRound, 4);
    }

    // ------------------------------------------------------------------ lzReceive: ignored, never reverted

    function test_lzReceive_replayedSequenceIgnored_succeeds() public {
        _pushRate(1.05e18, T0, 3);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(2e18, T0 + 60, 3, 3);
        _pushRate(2e18, T0 + 60, 3);

        _assertStored(1.05e18, T0, 3);
    }

    function test_lzReceive_olderSequenceIgnored_succeeds() public {
        _pushRate(1.05e18, T0, 3);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(1.01e18, T0 - 60, 2, 3);
        _pushRate(1.01e18, T0 - 60, 2);

        _assertStored(1.05e18, T0, 3);
    }

    function test_lzReceive_zeroRateIgnored_succeeds() public {
        _pushRate(1.05e18, T0, 1);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(0, T0 + 60, 2, 1);
        _pushRate(0, T0 + 60, 2);

        _assertStored(1.05e18, T0, 1);
    }

    /// @dev The rate is stored in 128 bits; a larger value must not be truncated into a tiny one.
    function test_lzReceive_rateAboveUint128Ignored_succeeds() public {
        uint256 huge = uint256(type(uint128).max) + 1;

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(huge, T0, 1, 0);
        _pushRate(huge, T0, 1);

        assertEq(receiver.sequence(), 0);
        vm.expectRevert(IRateReceiver.RateReceiver_NoRate.selector);
        receiver.getRate();
    }

    // ------------------------------------------------------------------ lzReceive: authentication

    function test_lzReceive_forgedSender_reverts() public {
        Origin memory forged = Origin(HUB_EID, _b32(attacker), 1);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.OnlyPeer.selector, HUB_EID, _b32(attacker)));
        vm.prank(address(endpoint));
        receiver.lzReceive(forged, bytes32(0), RateMessage.encode(100e18, T0, 1), executor, "");

        assertEq(receiver.sequence(), 0);
    }

    function test_lzReceive_unknownSourceEid_reverts() public {
        Origin memory origin = Origin(99, _b32(hubBroadcaster), 1);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.NoPeer.selector, uint32(99)));
        vm.prank(address(endpoint));
        receiver.lzReceive(origin, bytes32(0), RateMessage.encode(100e18, T0, 1), executor, "");
    }

    function test_lzReceive_notEndpoint_reverts() public {
        Origin memory origin = Origin(HUB_EID, _b32(hubBroadcaster), 1);
        vm.expectRevert(abi.encodeWithSelector(OAppReceiver.OnlyEndpoint.selector, attacker));
        vm.prank(attacker);
        receiver.lzReceive(origin, bytes32(0), RateMessage.encode(100e18, T0, 1), executor, "");
    }

    /// @dev The endpoint asks this before accepting the first message on a path: only the hub peer.
    function test_allowInitializePath_peerOnly_succeeds() public view {
        assertTrue(receiver.allowInitializePath(Origin(HUB_EID, _b32(hubBroadcaster), 1)));
        assertFalse(receiver.allowInitializePath(Origin(HUB_EID, _b32(attacker), 1)));
        assertFalse(receiver.allowInitializePath(Origin(SPOKE_EID, _b32(hubBroadcaster), 1)));
    }

    // ------------------------------------------------------------------ setPeer

    function test_setPeer_owner_succeeds() public {
        address newBroadcaster = makeAddr("newBroadcaster");
        vm.expectEmit(address(receiver));
        emit IOAppCore.PeerSet(HUB_EID, _b32(newBroadcaster));
        vm.prank(owner);
        receiver.setPeer(HUB_EID, _b32(newBroadcaster));
        assertEq(receiver.peers(HUB_EID), _b32(newBroadcaster));
    }

    function test_setPeer_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        receiver.setPeer(HUB_EID, _b32(attacker));
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev Whatever order two messages arrive in, the one with the higher sequence wins, and the
    ///      other is dropped with an event rather than a revert.
    function testFuzz_lzReceive_keepsHighestSequence_succeeds(uint64 seqA, uint64 seqB, uint128 rateA, uint128 rateB)
        public
    {
        seqA = uint64(bound(seqA, 1, type(uint64).max));
        rateA = uint128(bound(rateA, 1, type(uint128).max));
        rateB = uint128(bound(rateB, 1, type(uint128).max));

        _pushRate(rateA, T0, seqA);
        if (seqB > seqA) {
            vm.expectEmit(address(receiver));
            emit IRateReceiver.RateUpdated(rateB, T0 + 1, seqB);
            _pushRate(rateB, T0 + 1, seqB);
            _assertStored(rateB, T0 + 1, seqB);
        } else {
            vm.expectEmit(address(receiver));
            emit IRateReceiver.RateUpdateIgnored(rateB, T0 + 1, seqB, seqA);
            _pushRate(rateB, T0 + 1, seqB);
            _assertStored(rateA, T0, seqA);
        }
    }
}
