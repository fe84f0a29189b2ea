// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {EndpointV2Mock} from "@layerzerolabs/test-devtools-evm-foundry/contracts/mocks/EndpointV2Mock.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";

import {TrETHOFT} from "../../src/spoke/TrETHOFT.sol";
import {RateReceiver} from "../../src/spoke/RateReceiver.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {RateMessage} from "../../src/shared/libraries/RateMessage.sol";
import {IInboundRateLimiter} from "../../src/shared/interfaces/IInboundRateLimiter.sol";

/// @dev One spoke on a LayerZero endpoint with no message libraries: unit tests deliver messages by
///      calling the OApps as the endpoint, which is exactly what the OApp's own checks see.
abstract contract SpokeBase is Test {
    uint32 internal constant HUB_EID = 1;
    uint32 internal constant SPOKE_EID = 2;
    uint16 internal constant FEE_BPS = 10;
    uint32 internal constant MAX_RATE_AGE = 1 days;
    /// @dev Production-like rate bounds: Renzo's 1% per update, Lido's 5% decrease, CAPO's ~10% a year.
    uint16 internal constant MAX_INCREASE_BPS = 100;
    uint16 internal constant MAX_DECREASE_BPS = 500;
    uint16 internal constant MAX_ANNUAL_GROWTH_BPS = 1_000;
    /// @dev The wiring.json caps: 10,000 trETH a day, 5,000 trETH unbatched.
    uint256 internal constant MINT_CAP = 10_000 ether;
    uint32 internal constant MINT_PERIOD = 1 days;
    uint256 internal constant MAX_PENDING = 5_000 ether;

    EndpointV2Mock internal endpoint;
    TrETHOFT internal token;
    RateReceiver internal receiver;
    SpokePool internal pool;

    address internal owner = makeAddr("owner");
    /// @dev Stands in for the hub RateBroadcaster: the receiver's only peer.
    address internal hubBroadcaster = makeAddr("hubBroadcaster");
    /// @dev Stands in for the hub TrETHAdapter: the token's hub peer.
    address internal hubAdapter = makeAddr("hubAdapter");
    /// @dev Stands in for the hub BackingLedger: the pool's hub peer.
    address internal hubLedger = makeAddr("hubLedger");
    address internal executor = makeAddr("executor");
    address internal attacker = makeAddr("attacker");

    /// @dev LayerZero nonces per path, so each pushed message looks like the next one delivered.
    uint64 internal rateNonce;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        endpoint = new EndpointV2Mock(SPOKE_EID, address(this));
        token = new TrETHOFT(address(endpoint), owner);
        receiver = _newReceiver();
        pool = _newPool(address(receiver));

        vm.startPrank(owner);
        token.setMinter(address(pool));
        receiver.setPeer(HUB_EID, _b32(hubBroadcaster));
        receiver.setRateConsumer(address(pool));
        token.setPeer(HUB_EID, _b32(hubAdapter));
        pool.setPeer(HUB_EID, _b32(hubLedger));
        // Credits from the hub pass up to the limit (an unconfigured source parks them all).
        IInboundRateLimiter.InboundLimitConfig[] memory inbound = new IInboundRateLimiter.InboundLimitConfig[](1);
        inbound[0] = IInboundRateLimiter.InboundLimitConfig(HUB_EID, 10_000 ether, 1 days);
        token.setInboundLimits(inbound);
        vm.stopPrank();
    }

    function _limits() internal pure returns (SpokePool.Limits memory) {
        return SpokePool.Limits(FEE_BPS, MAX_RATE_AGE, MINT_CAP, MINT_PERIOD, MAX_PENDING);
    }

    function _newPool(address rateReceiver) internal returns (SpokePool) {
        return new SpokePool(token, rateReceiver, address(endpoint), HUB_EID, owner, _limits());
    }

    function _newReceiver() internal returns (RateReceiver) {
        return new RateReceiver(address(endpoint), owner, MAX_INCREASE_BPS, MAX_DECREASE_BPS, MAX_ANNUAL_GROWTH_BPS);
    }

    function _b32(address a) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(a)));
    }

    function _rateOrigin() internal returns (Origin memory) {
        return Origin(HUB_EID, _b32(hubBroadcaster), ++rateNonce);
    }

    /// @dev Delivers a rate message from the hub peer, as the endpoint does after verification.
    function _pushRate(uint256 rate, uint64 reportTime, uint64 sequence) internal {
        Origin memory origin = _rateOrigin();
        vm.prank(address(endpoint));
        receiver.lzReceive(
            origin, keccak256(abi.encode(origin)), RateMessage.encode(rate, reportTime, sequence), executor, ""
        );
    }
}
