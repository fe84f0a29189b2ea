// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EnforcedOptionParam} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppOptionsType3.sol";
import {
    ILayerZeroEndpointV2,
    MessagingFee,
    Origin
} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {Errors} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/Errors.sol";

import {TrETH} from "../../src/hub/TrETH.sol";
import {IWETH} from "../../src/shared/interfaces/IWETH.sol";
import {OracleReport} from "../../src/shared/types/OracleReport.sol";
import {IDepositContract} from "../../src/shared/interfaces/IDepositContract.sol";
import {INodeOperatorRegistry} from "../../src/shared/interfaces/INodeOperatorRegistry.sol";
import {IOracleReportSanityChecker} from "../../src/shared/interfaces/IOracleReportSanityChecker.sol";
import {ITributaryOracle} from "../../src/shared/interfaces/ITributaryOracle.sol";
import {AcceptAllChecker} from "../hub/harness/AcceptAllChecker.sol";
import {RateBroadcaster} from "../../src/hub/RateBroadcaster.sol";
import {IRateReceiver} from "../../src/shared/interfaces/IRateReceiver.sol";
import {PlannedSystemBase} from "./PlannedSystemBase.sol";

/// @dev Hub rate -> RateBroadcaster -> LayerZero (ULN, DVN, executor) -> RateReceiver on both spokes.
contract RateSyncTest is PlannedSystemBase {
    function _inboundHash(Spoke memory spoke, address sender, uint64 nonce) internal view returns (bytes32) {
        return _endpointOf(spoke.eid)
            .inboundPayloadHash(address(spoke.receiver), HUB_EID, _toBytes32(sender), nonce);
    }

    /// @dev The hub rate after a report whose rewards exceed what one report may add: the pool
    ///      defers the excess, so the rate rises by the smaller of the checker's rebase limit and the
    ///      instant-exit fee (the plan's values), rounded in the pool's favour.
    function _cappedRate(uint256 preRate) internal view returns (uint256) {
        IOracleReportSanityChecker checker = IOracleReportSanityChecker(_contract("hub", "OracleReportSanityChecker"));
        uint256 risePpb = checker.limits().maxPositiveRebasePpb;
        uint256 feePpb = uint256(trETH.instantExitFeeBps()) * 1e5;
        if (feePpb < risePpb) risePpb = feePpb;
        return preRate * (1e9 + risePpb) / 1e9;
    }

    function test_broadcast_rateRiseReachesBothSpokes_succeeds() public {
        // A month after the staking base the checker counts more of the 1 ETH than one report may
        // add to the rate: the rate rises by exactly the per-report cap.
        vm.warp(block.timestamp + 30 days);
        uint256 preRate = trETH.getRate();
        _reportRewards(1 ether);
        uint256 firstRate = trETH.getRate();
        assertApproxEqAbs(firstRate, _cappedRate(preRate), 1, "the per-report cap");

        _broadcast(alpha);
        _broadcast(beta);
        _deliver(alpha);
        _deliver(beta);

        assertEq(alpha.receiver.getRate(), firstRate);
        assertEq(beta.receiver.getRate(), firstRate);
        assertEq(alpha.receiver.lastUpdated(), block.timestamp);
        assertEq(alpha.receiver.sequence(), 1);
        assertEq(beta.receiver.sequence(), 2);

        // A later rise within the receivers' bounds (under 1%, 30 days of growth) replaces the
        // first one everywhere.
        vm.warp(block.timestamp + 30 days);
        _reportRewards(1 ether);
        uint256 secondRate = trETH.getRate();
        _broadcast(alpha);
        _broadcast(beta);
        _deliver(alpha);
        _deliver(beta);

        assertGt(secondRate, firstRate);
        assertEq(alpha.receiver.getRate(), secondRate);
        assertEq(beta.receiver.getRate(), secondRate);
        assertEq(beta.receiver.lastUpdated(), block.timestamp);
    }

    /// @dev LayerZero may execute verified messages out of order. The older one is dropped with an
    ///      event, consumed rather than reverted, so nothing is left stuck on the path.
    function test_broadcast_outOfOrderDelivery_succeeds() public {
        _reportRewards(1 ether);
        uint256 oldRate = trETH.getRate();
        uint64 oldTime = uint64(block.timestamp);
        _broadcast(alpha);

        vm.warp(block.timestamp + 10 minutes);
        _reportRewards(1 ether);
        uint256 newRate = trETH.getRate();
        uint64 newTime = uint64(block.timestamp);
        _broadcast(alpha);

        (bytes[] memory packetBytes,) = _takePackets(ALPHA_EID, address(alpha.receiver));
        assertEq(packetBytes.length, 2);
        _verifyByBoth(packetBytes[0]);
        _verifyByBoth(packetBytes[1]);

        vm.expectEmit(address(alpha.receiver));
        emit IRateReceiver.RateUpdated(newRate, newTime, 2);
        _execute(packetBytes[1]);

        vm.expectEmit(address(alpha.receiver));
        emit IRateReceiver.RateUpdateIgnored(oldRate, oldTime, 1, 2);
        _execute(packetBytes[0]);

        assertEq(alpha.receiver.getRate(), newRate);
        assertEq(alpha.receiver.lastUpdated(), newTime);
        assertEq(alpha.receiver.sequence(), 2);
        assertEq(_inboundHash(alpha, address(broadcaster), 1), bytes32(0), "old message not consumed");
        assertEq(_inboundHash(alpha, address(broadcaster), 2), bytes32(0), "new message not consumed");

        // The path still flows.
        vm.warp(block.timestamp + 30 days);
        _reportRewards(1 ether);
        _broadcast(alpha);
        _deliver(alpha);
        assertEq(alpha.receiver.sequence(), 3);
        assertEq(alpha.receiver.getRate(), trETH.getRate());
    }

    /// @dev The endpoint executes a verified message once; a second execution finds no payload.
    function test_lzReceive_replayedPacket_reverts() public {
        _reportRewards(1 ether);
        _broadcast(alpha);
        (bytes[] memory packetBytes,) = _takePackets(ALPHA_EID, address(alpha.receiver));
        _deliver(packetBytes[0]);
        uint256 rate = alpha.receiver.getRate();

        (,, Origin memory origin, address receiver, bytes32 guid) = this.partsOf(packetBytes[0]);
        bytes memory message = this.messageOf(packetBytes[0]);
        ILayerZeroEndpointV2 endpoint = _endpointOf(ALPHA_EID);
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.LZ_PayloadHashNotFound.selector, bytes32(0), keccak256(abi.encodePacked(guid, message))
            )
        );
        endpoint.lzReceive(origin, receiver, guid, message, "");
        assertEq(alpha.receiver.getRate(), rate);
        assertEq(alpha.receiver.sequence(), 1);
    }

    /// @dev An attacker's own broadcaster, pointed at a real receiver, cannot even get its message
    ///      verified: the receiver only opens the path for its hub peer.
    function test_broadcast_forgedBroadcasterNeverLands_succeeds() public {
        address attacker = makeAddr("attacker");
        vm.deal(attacker, 200 ether);
        vm.startPrank(attacker);
        // The attacker's own pool, where it is admin and oracle, above the real rate.
        TrETH fakeToken = new TrETH{value: 1 ether}(
            attacker,
            IWETH(_contract("hub", "WETH")),
            IDepositContract(_contract("hub", "BeaconDepositContract")),
            INodeOperatorRegistry(_contract("hub", "NodeOperatorRegistry")),
            attacker,
            0,
            0,
            ITributaryOracle(_contract("hub", "TributaryOracle")).frameConfig().secondsPerSlot
        );
        fakeToken.setOracle(attacker);
        // Its own pool, its own checker: one that lets any report through.
        fakeToken.setSanityChecker(address(new AcceptAllChecker()));
        (bool ok,) = address(fakeToken.WITHDRAWAL_VAULT()).call{value: 99 ether}("");
        assertTrue(ok);
        fakeToken.handleOracleReport(OracleReport(1, 0, 0, 0, 99 ether, 0));
        // Even its own admin cannot pump the rate past the exit-fee cap in one report.
        assertGt(fakeToken.getRate(), trETH.getRate());
        RateBroadcaster fake = new RateBroadcaster(fakeToken, address(_endpointOf(HUB_EID)), attacker);
        fake.setPeer(ALPHA_EID, _toBytes32(address(alpha.receiver)));
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](1);
        // The real broadcaster's enforced gas, so the forged update would execute if verified.
        params[0] = EnforcedOptionParam(ALPHA_EID, 1, broadcaster.enforcedOptions(ALPHA_EID, 1));
        fake.setEnforcedOptions(params);
        MessagingFee memory fee = fake.quoteBroadcast(ALPHA_EID);
        fake.broadcast{value: fee.nativeFee}(ALPHA_EID);
        vm.stopPrank();

        (bytes[] memory packetBytes,) = _takePackets(ALPHA_EID, address(alpha.receiver));
        assertEq(packetBytes.length, 1);
        // Both DVNs attest the packet (it was really sent), but the endpoint refuses to commit it.
        _expectCommitRefused(packetBytes[0], abi.encodeWithSelector(Errors.LZ_PathNotInitializable.selector));
        (,, Origin memory origin, address receiver, bytes32 guid) = this.partsOf(packetBytes[0]);
        bytes memory message = this.messageOf(packetBytes[0]);
        assertEq(_inboundHash(alpha, address(fake), 1), bytes32(0), "forged message verified");

        ILayerZeroEndpointV2 endpoint = _endpointOf(ALPHA_EID);
        vm.expectRevert(abi.encodeWithSelector(Errors.LZ_InvalidNonce.selector, 1));
        endpoint.lzReceive(origin, receiver, guid, message, "");
        assertEq(alpha.receiver.sequence(), 0);
        (uint256 rate,) = alpha.receiver.rateAndUpdatedAt();
        assertEq(rate, 0);
    }
}
