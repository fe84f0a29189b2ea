// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {RateLimiter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/utils/RateLimiter.sol";
import {
    IOFT,
    SendParam,
    MessagingFee,
    OFTLimit,
    OFTReceipt,
    OFTFeeDetail
} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {OFTCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTCore.sol";

import {OutboundRateLimiter} from "../../src/shared/oft/OutboundRateLimiter.sol";
import {PlannedSystemBase} from "./PlannedSystemBase.sol";

/// @dev Outbound limits on both token directions: hub lockbox -> spoke and spoke -> hub.
contract OFTRateLimitTest is PlannedSystemBase {
    uint256 internal constant LIMIT = 10 ether;
    uint256 internal constant WINDOW = 1 days;
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        _setLimit(address(adapter), ALPHA_EID, LIMIT, WINDOW);
        _setLimit(address(alpha.token), HUB_EID, LIMIT, WINDOW);
        // Give alice trETH on both sides.
        _hubShares(alice, 100 ether);
        _sendTokens(address(adapter), alice, ALPHA_EID, alice, 8 ether);
        _deliverTo(ALPHA_EID, address(alpha.token));
    }

    function _setLimit(address oft, uint32 dstEid, uint256 limit, uint256 window) internal {
        RateLimiter.RateLimitConfig[] memory configs = new RateLimiter.RateLimitConfig[](1);
        configs[0] = RateLimiter.RateLimitConfig(dstEid, limit, window);
        _prankOwner(oft);
        OutboundRateLimiter(oft).setRateLimits(configs);
    }

    function _trySend(address oft, uint32 dstEid, uint256 amount) internal {
        SendParam memory param = _sendParam(dstEid, alice, amount);
        MessagingFee memory fee = IOFT(oft).quoteSend(param, false);
        vm.prank(alice);
        IOFT(oft).send{value: fee.nativeFee}(param, fee, alice);
    }

    function _canSend(address oft, uint32 dstEid) internal view returns (uint256 amount) {
        (, amount) = RateLimiter(oft).getAmountCanBeSent(dstEid);
    }

    function test_send_hubToSpokeOverLimit_reverts() public {
        assertEq(_canSend(address(adapter), ALPHA_EID), 2 ether, "8 of 10 already sent in setUp");
        vm.expectRevert(RateLimiter.RateLimitExceeded.selector);
        this.trySend(address(adapter), ALPHA_EID, 3 ether);
        _trySend(address(adapter), ALPHA_EID, 2 ether);
        assertEq(_canSend(address(adapter), ALPHA_EID), 0);
    }

    function test_send_spokeToHubOverLimit_reverts() public {
        _setLimit(address(alpha.token), HUB_EID, 5 ether, WINDOW);
        vm.expectRevert(RateLimiter.RateLimitExceeded.selector);
        this.trySend(address(alpha.token), HUB_EID, 6 ether);

        _trySend(address(alpha.token), HUB_EID, 5 ether);
        assertEq(_canSend(address(alpha.token), HUB_EID), 0);
        assertEq(alpha.token.balanceOf(alice), 3 ether);
    }

    /// @dev The limit decays linearly: half a window later, half the limit is free again.
    function test_send_limitRefillsOverWindow_succeeds() public {
        _trySend(address(adapter), ALPHA_EID, 2 ether);
        vm.warp(block.timestamp + WINDOW / 2);
        assertEq(_canSend(address(adapter), ALPHA_EID), 5 ether);
        vm.expectRevert(RateLimiter.RateLimitExceeded.selector);
        this.trySend(address(adapter), ALPHA_EID, 6 ether);
        _trySend(address(adapter), ALPHA_EID, 5 ether);

        vm.warp(block.timestamp + WINDOW);
        assertEq(_canSend(address(adapter), ALPHA_EID), LIMIT);
    }

    /// @dev Fail closed: limit 0, the default of a destination never configured, refuses sends.
    function test_send_unconfiguredDestination_reverts() public {
        _setLimit(address(alpha.token), BETA_EID, 0, WINDOW);
        assertEq(_canSend(address(alpha.token), BETA_EID), 0);
        vm.expectRevert(RateLimiter.RateLimitExceeded.selector);
        this.trySend(address(alpha.token), BETA_EID, 1 ether);
    }

    function test_setRateLimits_emits_succeeds() public {
        RateLimiter.RateLimitConfig[] memory configs = new RateLimiter.RateLimitConfig[](1);
        configs[0] = RateLimiter.RateLimitConfig(BETA_EID, 1 ether, 1 hours);
        _prankOwner(address(adapter));
        vm.expectEmit(address(adapter));
        emit RateLimiter.RateLimitsChanged(configs);
        adapter.setRateLimits(configs);
        (,, uint256 limit, uint256 window) = adapter.rateLimits(BETA_EID);
        assertEq(limit, 1 ether);
        assertEq(window, 1 hours);
    }

    function test_setRateLimits_notOwner_reverts() public {
        RateLimiter.RateLimitConfig[] memory configs = new RateLimiter.RateLimitConfig[](1);
        configs[0] = RateLimiter.RateLimitConfig(ALPHA_EID, type(uint256).max, 1);
        address[2] memory ofts = [address(adapter), address(alpha.token)];
        for (uint256 i; i < ofts.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
            vm.prank(attacker);
            OutboundRateLimiter(ofts[i]).setRateLimits(configs);
        }
    }

    /// @dev Sends add up: over any window the amount out never exceeds the limit.
    function testFuzz_send_neverExceedsLimit_succeeds(uint256[4] memory amounts, uint256[4] memory gaps) public {
        _setLimit(address(adapter), BETA_EID, LIMIT, WINDOW);
        uint256 sent;
        uint256 start = block.timestamp;
        for (uint256 i; i < amounts.length; ++i) {
            vm.warp(block.timestamp + bound(gaps[i], 0, 2 hours));
            uint256 amount = bound(amounts[i], 1, 6) * 1 ether;
            try this.trySend(address(adapter), BETA_EID, amount) {
                sent += amount;
            } catch {}
        }
        // Within 8 hours at most the limit plus what decayed meanwhile.
        assertLe(sent, LIMIT + LIMIT * (block.timestamp - start) / WINDOW);
    }

    function _quotedMax(address oft, uint32 dstEid) internal view returns (uint256) {
        (OFTLimit memory limit,,) = IOFT(oft).quoteOFT(_sendParam(dstEid, alice, 1 ether));
        assertEq(limit.minAmountLD, 0);
        return limit.maxAmountLD;
    }

    /// @dev A wallet that trusts the quote's maximum gets exactly what send accepts, on both OFT
    ///      kinds (lockbox and spoke token), as the limit fills and as it refills.
    function test_quoteOFT_maxIsRateLimit_succeeds() public {
        assertEq(_quotedMax(address(adapter), ALPHA_EID), 2 ether, "8 of 10 already sent in setUp");
        assertEq(_quotedMax(address(alpha.token), HUB_EID), LIMIT);
        assertEq(_quotedMax(address(alpha.token), BETA_EID), _canSend(address(alpha.token), BETA_EID));

        _trySend(address(adapter), ALPHA_EID, 2 ether);
        assertEq(_quotedMax(address(adapter), ALPHA_EID), 0);
        vm.warp(block.timestamp + WINDOW / 4);
        assertEq(_quotedMax(address(adapter), ALPHA_EID), _canSend(address(adapter), ALPHA_EID));
        assertEq(_quotedMax(address(adapter), ALPHA_EID), LIMIT / 4);
    }

    /// @dev Fail closed shows in the quote too: an unconfigured destination quotes a maximum of 0.
    function test_quoteOFT_unconfiguredDestination_succeeds() public {
        _setLimit(address(alpha.token), BETA_EID, 0, WINDOW);
        assertEq(_quotedMax(address(alpha.token), BETA_EID), 0);
    }

    /// @dev The rest of the quote is OFTCore's: dust removed, nothing charged.
    function test_quoteOFT_receiptUnchanged_succeeds() public view {
        SendParam memory param = _sendParam(HUB_EID, alice, 1 ether + 5);
        param.minAmountLD = 1 ether;
        (, OFTFeeDetail[] memory fees, OFTReceipt memory receipt) = alpha.token.quoteOFT(param);
        assertEq(fees.length, 0);
        assertEq(receipt.amountSentLD, 1 ether);
        assertEq(receipt.amountReceivedLD, 1 ether);
    }

    /// @dev Exactly the quoted maximum lands; one more unit of the shared decimals (the smallest
    ///      amount an OFT moves: anything finer is dust left with the sender) reverts on the limit.
    function test_send_quotedMax_succeeds() public {
        _setLimit(address(alpha.token), HUB_EID, 5 ether, WINDOW);
        address[2] memory ofts = [address(adapter), address(alpha.token)];
        uint32[2] memory dsts = [ALPHA_EID, HUB_EID];
        for (uint256 i; i < ofts.length; ++i) {
            uint256 max = _quotedMax(ofts[i], dsts[i]);
            assertGt(max, 0);
            uint256 unit = OFTCore(ofts[i]).decimalConversionRate();
            vm.expectRevert(RateLimiter.RateLimitExceeded.selector);
            this.trySend(ofts[i], dsts[i], max + unit);
            _trySend(ofts[i], dsts[i], max);
            assertEq(_quotedMax(ofts[i], dsts[i]), 0);
        }
    }

    /// @dev External so a test can expect its revert.
    function trySend(address oft, uint32 dstEid, uint256 amount) external {
        _trySend(oft, dstEid, amount);
    }
}
